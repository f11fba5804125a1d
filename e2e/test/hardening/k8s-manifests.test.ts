import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS } from '@tessera/api';
import { STREAM_WORKER_NODE_FLAGS } from '@tessera/stream-worker';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../infra/k8s');
// Manifests are untyped trees; the assertions below are the type check.
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML
type Doc = any;

const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const docs: { file: string; doc: Doc }[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return { file, doc: d.toJS() as Doc };
  }),
);
const find = (kind: string, name: string) => {
  const hit = docs.find((d) => d.doc.kind === kind && d.doc.metadata?.name === name)?.doc;
  if (!hit) throw new Error(`no ${kind} ${name} in infra/k8s`);
  return hit;
};
const podSpec = (doc: Doc) =>
  doc.kind === 'CronJob' ? doc.spec.jobTemplate.spec.template.spec : doc.spec.template.spec;

describe('the Kubernetes manifests in infra/k8s', () => {
  it('parse, and every object names its apiVersion, kind, name and namespace', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const { file, doc } of docs) {
      expect(doc.apiVersion, file).toBeTruthy();
      expect(doc.kind, file).toBeTruthy();
      if (doc.kind === 'Kustomization') continue;
      expect(doc.metadata?.name, file).toBeTruthy();
      if (doc.kind !== 'Namespace') expect(doc.metadata.namespace, file).toBe('tessera');
    }
  });

  it('list every manifest file in the kustomization', () => {
    const kustomization = docs.find((d) => d.doc.kind === 'Kustomization')!.doc;
    expect([...kustomization.resources].sort()).toEqual(
      files.filter((f) => f !== 'kustomization.yaml').sort(),
    );
  });

  it('give every container resource requests, and select the labels their pods carry', () => {
    const workloads = docs.filter((d) => ['Deployment', 'CronJob'].includes(d.doc.kind ?? ''));
    expect(workloads.length).toBe(4);
    for (const { doc } of workloads) {
      for (const c of podSpec(doc).containers) {
        expect(c.resources?.requests?.cpu, doc.metadata?.name).toBeTruthy();
        expect(c.resources?.requests?.memory, doc.metadata?.name).toBeTruthy();
      }
      if (doc.kind === 'Deployment')
        expect(doc.spec.template.metadata.labels).toMatchObject(doc.spec.selector.matchLabels);
    }
  });

  it('probe the API on /readyz and /healthz, expose it by a Service and scale it with an HPA', () => {
    const api = find('Deployment', 'tessera-api');
    const [container] = podSpec(api).containers;
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    const service = find('Service', 'tessera-api');
    expect(service.spec.selector).toEqual(api.spec.selector.matchLabels);
    const hpa = find('HorizontalPodAutoscaler', 'tessera-api');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'tessera-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });

  it('publish from the API to the topic the stream-worker reads', () => {
    const { data } = find('ConfigMap', 'tessera-config');
    expect(data.API_EVENTS_TOPIC).toBeTruthy();
    expect(data.API_EVENTS_TOPIC).toBe(data.STREAM_WORKER_TOPIC);
  });

  it('size the stream-worker to the partition count of events.v1', () => {
    const worker = find('Deployment', 'tessera-stream-worker');
    expect(worker.spec.replicas).toBe(Number((worker.metadata as Doc).annotations['tessera.dev/partitions']));
  });

  it('start the API and the stream-worker with the Node flags their packages define', () => {
    expect(podSpec(find('Deployment', 'tessera-api')).containers[0].command).toEqual([
      'node',
      ...API_NODE_FLAGS,
      'apps/api/dist/main.js',
    ]);
    expect(podSpec(find('Deployment', 'tessera-stream-worker')).containers[0].command).toEqual([
      'node',
      ...STREAM_WORKER_NODE_FLAGS,
      'apps/stream-worker/dist/main.js',
    ]);
  });

  it('run trainers as a CronJob on the GPU pool, with a GPU each', () => {
    const trainer = find('CronJob', 'tessera-trainer');
    const spec = podSpec(trainer);
    expect(spec.nodeSelector).toBeTruthy();
    expect(spec.tolerations.some((t: { key: string }) => t.key === 'nvidia.com/gpu')).toBe(true);
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    // WebGPU runs on Vulkan, whose ICD the NVIDIA runtime mounts only with the graphics capability.
    const capabilities = spec.containers[0].env.find(
      (e: { name: string }) => e.name === 'NVIDIA_DRIVER_CAPABILITIES',
    );
    expect(capabilities?.value.split(',')).toContain('graphics');
    expect(trainer.spec.concurrencyPolicy).toBe('Forbid');
    // CronJob pods must finish when the queue is empty, not wait for the deadline.
    expect(spec.containers[0].command).toContain('--once');
  });

  it('feed DATABASE_URL and KAFKA_BROKERS from the Secret and the rest from the ConfigMap', () => {
    const secret = find('Secret', 'tessera-secrets');
    expect(Object.keys(secret.stringData).sort()).toEqual(['DATABASE_URL', 'KAFKA_BROKERS']);
    // tessera_app is NOLOGIN (migration 0000): the apps log in as a member of it and of tessera_platform.
    expect(new URL(secret.stringData.DATABASE_URL).username).toBe('tessera_service');
    const config = find('ConfigMap', 'tessera-config');
    expect(config.data.DATABASE_URL).toBeUndefined();
    for (const name of ['tessera-api', 'tessera-stream-worker']) {
      const refs = podSpec(find('Deployment', name)).containers[0].envFrom;
      expect(refs).toEqual([
        { configMapRef: { name: 'tessera-config' } },
        { secretRef: { name: 'tessera-secrets' } },
      ]);
    }
    expect(podSpec(find('CronJob', 'tessera-trainer')).containers[0].envFrom).toHaveLength(2);
    find('Deployment', 'tessera-dashboard');
  });

  it('migrate before the apps, as the schema owner, with credentials the apps never get', () => {
    const job = find('Job', 'tessera-migrate');
    const [container] = job.spec.template.spec.containers;
    expect(container.image).toBe('ghcr.io/tessera/api:latest');
    expect(container.command).toEqual(['node', 'packages/db/dist/cli.js', 'migrate']);
    expect(container.envFrom).toEqual([{ secretRef: { name: 'tessera-migrator' } }]);
    const migrator = find('Secret', 'tessera-migrator');
    expect(new URL(migrator.stringData.DATABASE_URL).username).toBe('tessera_owner');
    const refs = docs
      .filter((d) => ['Deployment', 'CronJob'].includes(d.doc.kind ?? ''))
      .flatMap((d) => podSpec(d.doc).containers.flatMap((c: Doc) => c.envFrom ?? []));
    expect(refs.some((r: Doc) => r.secretRef?.name === 'tessera-migrator')).toBe(false);
  });
});

const repo = path.resolve(dir, '../..');
const dockerfile = readFileSync(path.join(repo, 'infra/docker/Dockerfile'), 'utf8');
/** Each `FROM … AS name` stage and its CMD (exec form). */
const stages = new Map<string, string[] | undefined>();
{
  let current = '';
  for (const line of dockerfile.split('\n')) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) {
      current = from[1] as string;
      stages.set(current, undefined);
    }
    const cmd = /^CMD\s+(\[.*\])\s*$/.exec(line);
    if (cmd) stages.set(current, JSON.parse(cmd[1] as string) as string[]);
  }
}

describe('infra/docker/Dockerfile, for the images the manifests name', () => {
  const workloads = docs.filter((d) => ['Deployment', 'CronJob', 'Job'].includes(d.doc.kind ?? ''));

  it('has a target for every image, and each runs what its manifest runs', () => {
    for (const { doc } of workloads) {
      for (const container of podSpec(doc).containers) {
        const image = /^ghcr\.io\/tessera\/([a-z-]+):/.exec(container.image)?.[1];
        expect(image, container.image).toBeTruthy();
        expect(stages.has(image as string), `target ${image}`).toBe(true);
        // The migration Job runs another command from the api image; the apps run their image's CMD.
        if (doc.kind !== 'Job') expect(container.command, image).toEqual(stages.get(image as string));
      }
    }
  });

  it('starts files the build produces, from sources that exist', () => {
    const started = workloads.flatMap(({ doc }) =>
      podSpec(doc).containers.map(
        (c: Doc) => (c.command as string[]).find((arg) => /\/dist\/.*\.js$/.test(arg)) as string,
      ),
    );
    expect(started).toContain('packages/db/dist/cli.js');
    for (const file of started.filter(Boolean)) {
      const source = file.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
      expect(existsSync(path.join(repo, source)), source).toBe(true);
    }
    // The dashboard's: Next's own bin (npx would need a writable npm cache), from a dependency.
    expect(stages.get('dashboard')?.[1]).toBe('node_modules/next/dist/bin/next');
  });

  it('runs as the uid the manifests require, keeps build outputs and local state out of the context', () => {
    expect(dockerfile).toMatch(/^USER 10001$/m);
    const ignored = readFileSync(path.join(repo, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '**/.next', '**/.tessera', '**/.env', '.git'])
      expect(ignored).toContain(entry);
    // The trainer's WebGPU backend needs the Vulkan loader in its image.
    expect(dockerfile).toMatch(/install[^\n]*libvulkan1/);
  });
});
