// The app every bundler builds: init(), then parse a tag and render its history from the package.
import init, { parseImageTag, renderTagHistoryHtml } from 'imagetag';
// tag.json: the §5.1 example (tests/data/examples), copied here by bundlers.test.mjs before each build.
import tag from './tag.json';

const out = document.getElementById('out');
init()
  .then(() => {
    const parsed = parseImageTag(JSON.stringify(tag));
    out.innerHTML = renderTagHistoryHtml(parsed, { now: '2026-01-01T00:00:00Z' });
    document.body.dataset.ready = parsed.metadata.name;
  })
  .catch((e) => {
    document.body.dataset.error = String(e?.stack ?? e);
  });
