import { eye, type DType, type Device } from '@dnn/tensor';
import type { Graph } from '../graph';
import { fromNodeLink } from '../io';
import { KARATE_CLUB } from './karate-data';

/**
 * Zachary's karate club: 34 members of a university karate club, an undirected edge for each pair
 * that interacted outside the club (78 pairs), and the club each member joined when it split
 * (y: 0 = Mr. Hi, the instructor, node 0; 1 = Officer, the administrator, node 33). Node features
 * are one-hot ids (the identity matrix), as in the usual semi-supervised demonstration.
 */
export function karateClub(opts: { dtype?: DType; device?: Device } = {}): Graph {
  const { graph } = fromNodeLink(KARATE_CLUB, { label: 'club', name: 'karate club', device: opts.device });
  return graph.with({ x: eye(34, 34, { dtype: opts.dtype ?? 'float32', device: opts.device }) });
}
