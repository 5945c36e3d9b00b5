// The "ImageTags" tab of the ImageStream details page (console-extensions.json: console.tab/horizontalNav on
// image.openshift.io/v1 ImageStream). It shows the stream's ImageTags with their history, rendered by the
// imagetag package, live: it follows `client.watch` (the image streams' watch, or polling where the watch
// is refused), so an import that finishes, or a tag added or removed elsewhere, shows without a reload. It
// adds tags through ImageTagClient. Every request goes through the console's consoleFetch (session cookie,
// CSRF token, the console's proxy at /api/kubernetes). See docs/console-plugin.md in the imagetag repository.
import { consoleFetch } from '@openshift-console/dynamic-plugin-sdk';
import init, {
  type FieldError,
  type ImageTag,
  ImageTagClient,
  ImageTagError,
  type ImageTagEvent,
  renderTagHistoryInto,
  validateImageTag,
} from 'imagetag';
import * as React from 'react';

/** The part of the ImageStream the console hands the tab (`obj`). */
interface ImageStream {
  metadata?: { name?: string; namespace?: string };
}

export interface ImageTagsTabProps {
  obj?: ImageStream;
}

/** The console's Kubernetes API proxy: the same path the console's own pages call. */
export const KUBERNETES_API = '/api/kubernetes';

// consoleFetch as it is: the package reads the HttpError it throws on a non-2xx answer as that answer, so
// errors come back as ImageTagError with code 'api' and the server's Status.
let client: ImageTagClient | null = null;
const imageTags = (): ImageTagClient => {
  if (!client) client = new ImageTagClient({ baseUrl: KUBERNETES_API, fetch: consoleFetch });
  return client;
};

const errorText = (e: unknown): string => {
  if (e instanceof ImageTagError && e.code === 'api') return `${e.status} ${e.reason ?? ''}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
};

/** One tag's history, built as DOM nodes by the package (no innerHTML of object data). */
const TagHistory: React.FC<{ tag: ImageTag }> = ({ tag }) => {
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    if (ref.current) renderTagHistoryInto(ref.current, tag);
  }, [tag]);
  return <div ref={ref} className="imagetag-plugin__history" data-tag={tag.metadata?.name ?? ''} />;
};

/** The ImageTag the form describes; what the server would default is left to validateImageTag. */
function draftTag(namespace: string, stream: string, tag: string, from: string): ImageTag {
  return {
    kind: 'ImageTag',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name: `${stream}:${tag}`, namespace },
    spec: { name: tag, from: { kind: 'DockerImage', name: from }, referencePolicy: { type: 'Source' } },
  };
}

const Findings: React.FC<{ className: string; findings: FieldError[] }> = ({ className, findings }) =>
  findings.length === 0 ? null : (
    <ul className={className}>
      {findings.map((e) => (
        <li key={`${e.field}:${e.type}:${e.detail}`} data-field={e.field}>
          {e.field}: {e.message}
        </li>
      ))}
    </ul>
  );

const AddTagForm: React.FC<{ namespace: string; stream: string }> = ({ namespace, stream }) => {
  const [tag, setTag] = React.useState('');
  const [from, setFrom] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  const touched = tag !== '' || from !== '';
  // Validated as the user types: `errors` are the causes the server would answer a POST of this object with;
  // `warnings` what it accepts but will hurt (a tag registries refuse, …).
  const { errors, warnings } = React.useMemo(
    () => (touched ? validateImageTag(draftTag(namespace, stream, tag, from)) : { errors: [], warnings: [] }),
    [namespace, stream, tag, from, touched],
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await imageTags().create(namespace, draftTag(namespace, stream, tag, from));
      // The new tag comes to the list through the watch.
      setTag('');
      setFrom('');
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="imagetag-plugin__add" onSubmit={submit} aria-label="Add tag">
      <h2>Add tag</h2>
      <label>
        Tag <input name="tag" value={tag} onChange={(e) => setTag(e.target.value)} placeholder="latest" />
      </label>{' '}
      <label>
        From image{' '}
        <input name="from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="quay.io/org/app:1.0" />
      </label>{' '}
      <button type="submit" disabled={busy || !touched || errors.length > 0}>
        Add tag
      </button>
      <Findings className="imagetag-plugin__errors" findings={errors} />
      <Findings className="imagetag-plugin__warnings" findings={warnings} />
      {failure && (
        <p className="imagetag-plugin__failure" role="alert">
          {failure}
        </p>
      )}
    </form>
  );
};

/** How the tab learns changes: the watch, polling (the watch refused), or recovering from a failure. */
type Live =
  | { mode: 'connecting' }
  | { mode: 'watch' | 'poll' }
  | { mode: 'reconnecting'; attempt: number; delayMs: number; error: string };

const liveText = (live: Live): string => {
  switch (live.mode) {
    case 'connecting':
      return 'Connecting…';
    case 'watch':
      return 'Live';
    case 'poll':
      return 'Polling (the watch of image streams is refused)';
    case 'reconnecting':
      return `Reconnecting (attempt ${live.attempt}, in ${Math.round(live.delayMs / 100) / 10} s): ${live.error}`;
  }
};

const byName = (a: ImageTag, b: ImageTag): number => {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

const ImageTagsTab: React.FC<ImageTagsTabProps> = ({ obj }) => {
  const namespace = obj?.metadata?.namespace ?? '';
  const stream = obj?.metadata?.name ?? '';
  const [tags, setTags] = React.useState<ImageTag[] | null>(null);
  const [failure, setFailure] = React.useState<string | null>(null);
  const [live, setLive] = React.useState<Live>({ mode: 'connecting' });
  // The module is loaded (init() resolved): the form's synchronous validation may run.
  const [ready, setReady] = React.useState(false);

  // Follows the namespace's ImageTags and keeps this stream's (a watch of one `<stream>:<tag>` exists, of one
  // stream not). The first state shows once the watch has delivered it (SYNCED); after that every change
  // shows as it comes. The cleanup aborts the watch, which closes its connection.
  React.useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const mine = (t: ImageTag) => (t.metadata?.name ?? '').startsWith(`${stream}:`);
    (async () => {
      try {
        await init();
        if (signal.aborted) return;
        setReady(true);
        const current = new Map<string, ImageTag>();
        let synced = false;
        const events: AsyncIterable<ImageTagEvent> = imageTags().watch({ namespace, signal });
        for await (const event of events) {
          if (event.type === 'SYNCED') {
            synced = true;
            setLive({ mode: event.mode });
            setFailure(null);
          } else if (event.type === 'RECONNECTING') {
            setLive({
              mode: 'reconnecting',
              attempt: event.attempt,
              delayMs: event.delayMs,
              error: errorText(event.error),
            });
            continue;
          } else if (mine(event.object)) {
            const key = event.object.metadata?.name ?? '';
            if (event.type === 'DELETED') current.delete(key);
            else current.set(key, event.object);
          } else continue;
          if (synced) setTags([...current.values()].sort(byName));
        }
      } catch (e) {
        if (!signal.aborted) setFailure(errorText(e));
      }
    })();
    return () => controller.abort();
  }, [namespace, stream]);

  return (
    <div className="imagetag-plugin">
      <p className="imagetag-plugin__live" role="status" data-live={live.mode}>
        {liveText(live)}
      </p>
      {failure && (
        <p className="imagetag-plugin__failure" role="alert">
          {failure}
        </p>
      )}
      {tags === null && !failure && <p>Loading ImageTags…</p>}
      {tags !== null && tags.length === 0 && <p>No tags in {stream}.</p>}
      {tags?.map((t) => (
        <section key={t.metadata?.name ?? ''} className="imagetag-plugin__tag">
          <h2>{t.metadata?.name}</h2>
          <TagHistory tag={t} />
        </section>
      ))}
      {ready && <AddTagForm namespace={namespace} stream={stream} />}
    </div>
  );
};

export default ImageTagsTab;
