// Compiled with `tsc --strict --noEmit` by tests/node/types.test.mjs: the declarations are complete
// enough for real use, and wrong uses fail to compile (the @ts-expect-error lines).
import init, { parseImageTag, parseImageTagList, serializeImageTag, ImageTagError } from 'imagetag';
import type { ImageTag, ImageTagList, TagEvent, Status, ImageTagErrorCode } from 'imagetag';
import initWeb, { parseImageTag as parseWeb } from 'imagetag/web';

async function main(): Promise<void> {
  await init();
  await initWeb();
  const tag: ImageTag = parseImageTag('{}');
  const fromObject: ImageTag = parseWeb({ spec: null });
  const list: ImageTagList = parseImageTagList({ items: null });
  const newest: TagEvent | undefined = tag.status?.items?.[0] ?? undefined;
  const gen: number | null | undefined = newest?.generation;
  const text: string = serializeImageTag(tag);
  const items: ImageTag[] = list.items ?? [];
  try {
    parseImageTag(text);
  } catch (e) {
    if (e instanceof ImageTagError) {
      const code: ImageTagErrorCode = e.code;
      const line: number | undefined = e.line;
      const st: Status | undefined = e.kubeStatus;
      void [code, line, st];
    }
  }
  // @ts-expect-error a number is not an input
  parseImageTag(42);
  // @ts-expect-error generation is a number
  const bad: ImageTag = { spec: { generation: 'x' } };
  void [fromObject, gen, items, bad];
}
void main;
