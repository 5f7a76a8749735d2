import { fetchFashionMnist, type FetchProgress } from '@dnn/data';
import { formatHelp, parseCommand, positionals, type CommandSpec } from '../args';
import { UsageError, type Io } from '../io';
import { ProgressBar } from '@dnn/train/node';

export const DATA_FETCH: CommandSpec = {
  name: 'data fetch',
  usage: 'dnn data fetch fashion-mnist [--dir DIR]',
  summary: 'Downloads the four official Fashion-MNIST files, checks their SHA-256 and stores them where dnn train looks for them.',
  options: {
    dir: { type: 'string', value: 'DIR', help: 'where to put the files', default: '$XDG_CACHE_HOME/dnn/fashion-mnist or ~/.cache/dnn/fashion-mnist' },
  },
  notes: ['Needs the network. Files already present with the right hash are kept.'],
};

export const DATA: CommandSpec = {
  name: 'data',
  usage: 'dnn data fetch fashion-mnist [--dir DIR]',
  summary: 'Manages data sets. Subcommands: fetch (download a data set).',
  options: {},
};

const DATASETS = ['fashion-mnist'];

/** `dnn data fetch fashion-mnist`, with one progress bar per file. `fetchImpl` lets tests avoid the network. */
export async function data(argv: readonly string[], io: Io, fetchImpl?: typeof fetch): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(formatHelp(DATA));
    return 0;
  }
  if (sub !== 'fetch') throw new UsageError(`dnn data: unknown subcommand '${sub}' (known: fetch)`, 'data');
  const parsed = parseCommand(DATA_FETCH, rest);
  if (parsed.help) {
    io.stdout.write(formatHelp(DATA_FETCH));
    return 0;
  }
  const [name] = positionals('data fetch', parsed.positionals, ['DATASET']) as [string];
  if (!DATASETS.includes(name)) throw new UsageError(`dnn data fetch: unknown data set '${name}' (known: ${DATASETS.join(', ')})`, 'data fetch');
  const bars = new Map<string, ProgressBar>();
  let last: { bar: ProgressBar; p: FetchProgress } | undefined;
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  const finish = () => last && last.bar.finish(last.p.received, mib(last.p.received));
  const dir = await fetchFashionMnist({
    dir: parsed.values.dir as string | undefined,
    fetch: fetchImpl,
    onProgress: (p) => {
      let bar = bars.get(p.file);
      if (!bar) {
        finish();
        bar = new ProgressBar(io.stderr, { label: p.file, total: p.total });
        bars.set(p.file, bar);
      }
      last = { bar, p };
      bar.update(p.received, mib(p.received));
    },
  });
  finish();
  io.stdout.write(`Fashion-MNIST is in ${dir}${bars.size === 0 ? ' (already there, checksums verified)' : ''}\n`);
  return 0;
}
