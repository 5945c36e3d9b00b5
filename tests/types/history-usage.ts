// Compiled with `tsc --strict --noEmit` (tests/types/tsconfig.json): the tag-history declarations.
import {
  describeTag,
  renderTagHistoryText,
  renderTagHistoryHtml,
  renderTagHistorySvg,
  renderTagHistoryInto,
  humanDuration,
  shortDigest,
  imageTagTable,
  describeTagList,
  renderTagHistoryTextList,
  renderTagHistoryHtmlList,
} from 'imagetag';
import type {
  ImageTag,
  ImageTagList,
  TagDescription,
  TagHistoryEntry,
  TagImportError,
  TagState,
  TagHistoryOptions,
  TagTable,
} from 'imagetag';

export function useHistory(tag: ImageTag, host: Element): string {
  const d: TagDescription = describeTag(tag, { now: '2025-03-10T12:00:00Z' });
  const state: TagState = d.state;
  const first: TagHistoryEntry | undefined = d.entries[0];
  const err: TagImportError | undefined = d.importErrors[0];
  const opts: TagHistoryOptions = { now: new Date(), digestLength: 16 };
  renderTagHistoryInto(host, tag, { ...opts, view: 'timeline' });
  renderTagHistoryInto(host, tag);
  const age: string = humanDuration(3600);
  const short: string = shortDigest(first?.image ?? '', 12) + shortDigest('sha256:00');
  // @ts-expect-error the view is 'table' or 'timeline'
  renderTagHistoryHtml(tag, { view: 'grid' });
  // @ts-expect-error now is text, a number or a Date
  renderTagHistorySvg(tag, { now: true });
  return [state, err?.reason, age, short, renderTagHistoryText(tag, { now: Date.now() }), d.table.status].join();
}

export function useTable(list: ImageTagList): string[] {
  const t: TagTable = imageTagTable(list, { now: '2025-03-10T12:00:00Z' });
  // @ts-expect-error a list, not a tag
  imageTagTable(42);
  return [...t.columns, ...t.rows.map((r) => `${r.namespace}/${r.cells[0]}`)];
}

export function useBulk(list: ImageTagList, text: string): string[] {
  const html: string[] = renderTagHistoryHtmlList(list, { now: '2025-03-10T12:00:00Z' });
  const blocks: string[] = renderTagHistoryTextList(text, { digestLength: 16 });
  const described: TagDescription[] = describeTagList(list);
  // @ts-expect-error a list, not a tag
  renderTagHistoryHtmlList(42);
  return [...html, ...blocks, ...described.map((d) => d.stateText)];
}
