/** The fenced blocks of one language in a markdown text. */
export function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** Code without indentation or blank lines, so a block matches the same lines inside a function. */
export const lines = (code: string) => code.split('\n').map((l) => l.trim()).filter(Boolean).join('\n');
