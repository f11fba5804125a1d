import { readdirSync, readFileSync } from 'node:fs';
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
});
