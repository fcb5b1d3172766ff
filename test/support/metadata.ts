/** The decoded string value a metadata finding points into (tests only). */
import type { MetadataLocation, NotebookDoc } from '@cellguard/core';

export function metadataValue(doc: NotebookDoc, location: MetadataLocation): string | undefined {
  const texts =
    location.cellIndex === undefined ? doc.metadata : doc.cells[location.cellIndex]?.metadata;
  const key = location.path.join('\u0000');
  for (const text of texts ?? []) {
    if (text.format === 'text' && text.path.join('\u0000') === key) return text.text;
    const entry = text.strings.find((s) => s.path.join('\u0000') === key);
    if (entry) return JSON.parse(text.text.slice(entry.range[0], entry.range[1])) as string;
  }
  return undefined;
}
