// Structural checks of the deployment files (docker-compose.yml, deploy/docker/Dockerfile,
// deploy/k8s/): there is no Docker or Kubernetes engine in the test environment, so this is what
// keeps them consistent with each other and with the services.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { CORE_SCHEMA, load, loadAll, mergeTag } from 'js-yaml';

const ROOT = resolve(__dirname, '..');
const K8S_DIR = join(ROOT, 'deploy/k8s');

/** Every deployable service and the port it listens on by default. */
const SERVICES: Record<string, number> = {
  gateway: 3000,
  billing: 3001,
  'provider-integration': 3002,
  notification: 3003,
  reporting: 3004,
};
const SERVICE_NAMES = Object.keys(SERVICES);
const HOST_PORT = /^[A-Za-z0-9.\-_]+:\d{1,5}$/;

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Parses without throwing, so that a syntax error fails one test instead of the whole file. */
function parse<T>(parser: () => T): { value?: T; error?: string } {
  try {
    return { value: parser() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const ajv = new Ajv({ allErrors: true });

function schemaErrors(validate: ValidateFunction, data: unknown, where: string): string[] {
  return validate(data)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${where}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
      );
}

/** Whether every key/value of `selector` is among `labels`. */
function selects(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

// ---------------------------------------------------------------------------------------------
// Kubernetes schemas: only the fields the deployment relies on, not the full API.

const dnsName = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const labels = { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } };
const metadata = {
  type: 'object',
  required: ['name'],
  properties: { name: dnsName, namespace: dnsName, labels },
};
const portNumber = { type: 'integer', minimum: 1, maximum: 65535 };
const portName = { type: 'string', pattern: '^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 15 };
const portRef = { oneOf: [portNumber, portName] };
const quantity = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|k|M|G)?$' };
const cpuAndMemory = {
  type: 'object',
  required: ['cpu', 'memory'],
  properties: { cpu: quantity, memory: quantity },
};
const httpProbe = (path?: string) => ({
  type: 'object',
  required: ['httpGet'],
  properties: {
    httpGet: {
      type: 'object',
      required: ['path', 'port'],
      properties: { path: path ? { const: path } : { type: 'string' }, port: portRef },
    },
  },
});
const envFromRef = {
  type: 'object',
  required: ['name'],
  properties: { name: dnsName, optional: { type: 'boolean' } },
};

const container = {
  type: 'object',
  required: ['name', 'image', 'ports', 'readinessProbe', 'livenessProbe', 'resources'],
  properties: {
    name: dnsName,
    image: { type: 'string', pattern: '^[a-z0-9./-]+[:@][\\w.:-]+$' },
    ports: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['containerPort'],
        properties: { name: portName, containerPort: portNumber },
      },
    },
    env: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        // Kubernetes rejects numbers here: values must be strings.
        properties: { name: { type: 'string' }, value: { type: 'string' } },
      },
    },
    envFrom: {
      type: 'array',
      items: {
        type: 'object',
        oneOf: [{ required: ['configMapRef'] }, { required: ['secretRef'] }],
        properties: { configMapRef: envFromRef, secretRef: envFromRef },
      },
    },
    startupProbe: httpProbe(),
    readinessProbe: httpProbe('/health/ready'),
    livenessProbe: httpProbe('/health/live'),
    resources: {
      type: 'object',
      required: ['requests', 'limits'],
      properties: { requests: cpuAndMemory, limits: cpuAndMemory },
    },
  },
};

const schemas = {
  Namespace: {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    properties: { apiVersion: { const: 'v1' }, kind: { const: 'Namespace' }, metadata },
  },
  ConfigMap: {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'data'],
    properties: {
      apiVersion: { const: 'v1' },
      kind: { const: 'ConfigMap' },
      metadata,
      data: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
  Deployment: {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { const: 'apps/v1' },
      kind: { const: 'Deployment' },
      metadata,
      spec: {
        type: 'object',
        required: ['selector', 'template'],
        properties: {
          replicas: { type: 'integer', minimum: 1 },
          selector: { type: 'object', required: ['matchLabels'], properties: { matchLabels: labels } },
          template: {
            type: 'object',
            required: ['metadata', 'spec'],
            properties: {
              metadata: { type: 'object', required: ['labels'], properties: { labels } },
              spec: {
                type: 'object',
                required: ['containers', 'securityContext', 'terminationGracePeriodSeconds'],
                properties: {
                  terminationGracePeriodSeconds: { type: 'integer', minimum: 10 },
                  securityContext: {
                    type: 'object',
                    required: ['runAsNonRoot'],
                    properties: { runAsNonRoot: { const: true }, runAsUser: { type: 'integer', minimum: 1 } },
                  },
                  containers: { type: 'array', minItems: 1, items: container },
                },
              },
            },
          },
        },
      },
    },
  },
  Service: {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { const: 'v1' },
      kind: { const: 'Service' },
      metadata,
      spec: {
        type: 'object',
        required: ['selector', 'ports'],
        properties: {
          type: { enum: ['ClusterIP', 'LoadBalancer', 'NodePort'] },
          selector: labels,
          ports: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['port', 'targetPort'],
              properties: { name: portName, port: portNumber, targetPort: portRef },
            },
          },
        },
      },
    },
  },
  Kustomization: {
    type: 'object',
    required: ['apiVersion', 'kind', 'resources'],
    properties: {
      apiVersion: { const: 'kustomize.config.k8s.io/v1beta1' },
      kind: { const: 'Kustomization' },
      namespace: dnsName,
      resources: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } },
    },
  },
};
const validators = Object.fromEntries(
  Object.entries(schemas).map(([kind, schema]) => [kind, ajv.compile(schema)]),
) as Record<keyof typeof schemas, ValidateFunction>;

type Labels = Record<string, string>;
interface HttpProbe {
  httpGet: { path: string; port: number | string };
}
interface Container {
  name: string;
  image: string;
  ports: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  startupProbe?: HttpProbe;
  readinessProbe: HttpProbe;
  livenessProbe: HttpProbe;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels };
}
interface Deployment extends K8sObject {
  spec: {
    selector: { matchLabels: Labels };
    template: { metadata: { labels: Labels }; spec: { containers: Container[] } };
  };
}
interface Service extends K8sObject {
  spec: { selector: Labels; ports: Array<{ port: number; targetPort: number | string }> };
}
interface ConfigMap extends K8sObject {
  data: Record<string, string>;
}
interface Kustomization {
  namespace?: string;
  resources: string[];
}
interface Manifest {
  file: string;
  doc: K8sObject;
}

// ---------------------------------------------------------------------------------------------

describe('service list', () => {
  it('matches the Nx apps tagged type:app', () => {
    const apps = readdirSync(join(ROOT, 'apps'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'apps', entry.name, 'project.json')))
      .filter((entry) => {
        const project = JSON.parse(read(`apps/${entry.name}/project.json`)) as { tags?: string[] };
        return project.tags?.includes('type:app');
      })
      .map((entry) => entry.name);
    expect(apps.sort()).toEqual([...SERVICE_NAMES].sort());
  });
});

describe('deploy/docker/Dockerfile', () => {
  interface Instruction {
    keyword: string;
    args: string;
  }
  const instructions: Instruction[] = read('deploy/docker/Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const stages: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  const runtime = stages.at(-1) ?? [];
  const inRuntime = (keyword: string) => runtime.filter((i) => i.keyword === keyword);

  it('is a multi-stage build parameterised by APP', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(instructions.some((i) => i.keyword === 'ARG' && /^APP\b/.test(i.args))).toBe(true);
    const build = instructions.find(
      (i) => i.keyword === 'RUN' && i.args.includes('tools/build/build-app.mjs'),
    );
    expect(build?.args).toMatch(/\$\{?APP\b/);
  });

  it('copies only files that exist in the build context and are not ignored', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.cache', '.nx', '.git']));

    const sources = instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((arg) => !arg.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(0);
    const missing = SERVICE_NAMES.flatMap((app) =>
      sources
        .map((source) => source.replace(/\$\{?APP\}?/g, app))
        .filter((source) => !existsSync(join(ROOT, source)) || ignored.includes(source.split('/')[0])),
    );
    expect(missing).toEqual([]);
  });

  it('runtime stage: production dependencies and the built app only, as a non-root user', () => {
    const copies = inRuntime('COPY');
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.filter((i) => !i.args.includes('--from='))).toEqual([]);
    expect(copies.map((i) => i.args).join('\n')).toMatch(/dist\/apps\/\$\{?APP/);

    const nodeModules = copies.find((i) => i.args.includes('node_modules'));
    const from = /--from=(\S+)/.exec(nodeModules?.args ?? '')?.[1];
    const depsStage = stages.find((stage) => new RegExp(`\\bAS\\s+${from}$`, 'i').test(stage[0].args));
    expect(depsStage?.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);

    const user = inRuntime('USER').at(-1)?.args ?? 'root';
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('runtime stage: APP as ENV, CMD starts the app, SIGTERM, HEALTHCHECK on /health/ready', () => {
    expect(inRuntime('ARG').some((i) => /^APP\b/.test(i.args))).toBe(true);
    expect(inRuntime('ENV').some((i) => /\bAPP=\$\{?APP\b/.test(i.args))).toBe(true);
    expect(inRuntime('CMD').at(-1)?.args).toContain('node dist/apps/${APP}/apps/${APP}/src/main.js');
    expect(inRuntime('STOPSIGNAL').at(-1)?.args).toBe('SIGTERM');
    const healthcheck = inRuntime('HEALTHCHECK').at(-1)?.args ?? '';
    expect(healthcheck).toMatch(/\bCMD\b.*\/health\/ready/);
    for (const [app, port] of Object.entries(SERVICES)) {
      expect(healthcheck).toMatch(new RegExp(`'?${app}'?:${port}\\b`));
    }
  });
});

describe('docker-compose.yml', () => {
  interface ComposeService {
    image?: string;
    build?: { context: string; dockerfile: string; args: Record<string, string> };
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
    environment?: Record<string, string | number>;
    ports?: string[];
  }
  // Compose files use YAML merge keys (`<<: *anchor`), which js-yaml's default schema leaves alone.
  const compose = parse(
    () =>
      load(read('docker-compose.yml'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as {
        services?: Record<string, ComposeService>;
      },
  );
  const services = compose.value?.services ?? {};

  const healthy = {
    type: 'object',
    required: ['condition'],
    properties: { condition: { const: 'service_healthy' } },
  };
  const validateApp = ajv.compile({
    type: 'object',
    required: ['build', 'healthcheck', 'depends_on', 'environment', 'ports'],
    properties: {
      build: {
        type: 'object',
        required: ['context', 'dockerfile', 'args'],
        properties: {
          context: { const: '.' },
          dockerfile: { const: 'deploy/docker/Dockerfile' },
          args: { type: 'object', required: ['APP'] },
        },
      },
      healthcheck: {
        type: 'object',
        required: ['test'],
        properties: { test: { type: 'array', minItems: 2, items: { type: 'string' } } },
      },
      depends_on: {
        type: 'object',
        required: ['kafka', 'mongodb'],
        properties: { kafka: healthy, mongodb: healthy },
      },
      environment: { type: 'object', required: ['PORT', 'KAFKA_BROKERS', 'MONGODB_URI'] },
      ports: { type: 'array', minItems: 1, items: { type: 'string' } },
    },
  });

  it('has the infrastructure and every service', () => {
    expect(compose.error).toBeUndefined();
    expect(Object.keys(services).sort()).toEqual(['jaeger', 'kafka', 'mongodb', ...SERVICE_NAMES].sort());
  });

  it.each(SERVICE_NAMES)(
    '%s builds from the Dockerfile, waits for healthy infra and is health-checked',
    (name) => {
      const service = services[name];
      expect(schemaErrors(validateApp, service, name)).toEqual([]);
      expect(service.build!.args.APP).toBe(name);
      expect(service.healthcheck!.test.join(' ')).toContain('/health/ready');

      const port = SERVICES[name];
      expect(String(service.environment!.PORT)).toBe(String(port));
      expect(service.ports!.some((mapping) => String(mapping).endsWith(`:${port}`))).toBe(true);
    },
  );

  it.each(SERVICE_NAMES)('%s reaches Kafka, MongoDB and Jaeger by their compose service names', (name) => {
    const env = services[name].environment ?? {};
    const hosts = [
      ...String(env.KAFKA_BROKERS)
        .split(',')
        .map((broker) => broker.trim()),
      new URL(String(env.MONGODB_URI)).host,
      new URL(String(env.OTEL_EXPORTER_OTLP_ENDPOINT)).host,
    ];
    for (const host of hosts) {
      expect(host).toMatch(HOST_PORT);
      expect(Object.keys(services)).toContain(host.split(':')[0]);
    }
    expect(env.OTEL_TRACES_EXPORTER).toBe('otlp');
  });

  it('every service_healthy dependency has a healthcheck', () => {
    const problems = Object.entries(services).flatMap(([name, service]) =>
      Object.entries(service.depends_on ?? {})
        .filter(
          ([dependency, { condition }]) =>
            condition === 'service_healthy' && !services[dependency]?.healthcheck,
        )
        .map(([dependency]) => `${name} waits for ${dependency}, which has no healthcheck`),
    );
    expect(problems).toEqual([]);
  });
});

describe('deploy/k8s', () => {
  const files = readdirSync(K8S_DIR).filter((file) => /\.ya?ml$/.test(file));
  const parsed = files.map((file) => {
    const { value = [], error } = parse(() => loadAll(readFileSync(join(K8S_DIR, file), 'utf8')));
    return { file, error, docs: value.filter((doc) => doc != null) };
  });
  const kustomization = parsed.find((p) => p.file === 'kustomization.yaml')?.docs[0] as
    Kustomization | undefined;
  const manifests: Manifest[] = parsed
    .filter((p) => p.file !== 'kustomization.yaml')
    .flatMap(({ file, docs }) => docs.map((doc) => ({ file, doc: doc as K8sObject })));
  const ofKind = <T extends K8sObject>(kind: string) =>
    manifests.filter((m) => m.doc.kind === kind) as Array<{ file: string; doc: T }>;
  const deployments = ofKind<Deployment>('Deployment');
  const services = ofKind<Service>('Service');
  const configMaps = ofKind<ConfigMap>('ConfigMap');

  it('every file parses into YAML objects', () => {
    expect(files.length).toBeGreaterThan(1);
    const problems = parsed.flatMap(({ file, docs, error }) =>
      error
        ? [`${file}: ${error}`]
        : docs.length === 0 || docs.some((doc) => typeof doc !== 'object' || Array.isArray(doc))
          ? [`${file}: not a list of YAML mappings`]
          : [],
    );
    expect(problems).toEqual([]);
  });

  it('kustomization.yaml lists every manifest in the folder, in namespace gridpay', () => {
    expect(schemaErrors(validators.Kustomization, kustomization, 'kustomization.yaml')).toEqual([]);
    expect([...kustomization!.resources].sort()).toEqual(
      files.filter((f) => f !== 'kustomization.yaml').sort(),
    );
    expect(kustomization!.namespace).toBe('gridpay');
    expect(ofKind('Namespace').map((m) => m.doc.metadata.name)).toEqual(['gridpay']);
  });

  it('every document passes the schema of its kind', () => {
    const problems = manifests.flatMap(({ file, doc }) => {
      const validate = validators[doc.kind as keyof typeof validators];
      if (!validate || doc.kind === 'Kustomization') return [`${file}: unexpected kind ${doc.kind}`];
      return schemaErrors(validate, doc, `${file} ${doc.kind}/${doc.metadata?.name}`);
    });
    expect(problems).toEqual([]);
  });

  it('has a Deployment and a Service for every service, in <service>.yaml', () => {
    expect(deployments.map((d) => d.doc.metadata.name).sort()).toEqual([...SERVICE_NAMES].sort());
    const misplaced = [...deployments, ...services]
      .filter(({ file, doc }) => file !== `${doc.metadata.name}.yaml`)
      .map(({ file, doc }) => `${doc.kind}/${doc.metadata.name} in ${file}`);
    expect(misplaced).toEqual([]);
  });

  describe.each(SERVICE_NAMES)('%s', (name) => {
    const deployment = deployments.find((d) => d.doc.metadata.name === name)?.doc;
    const container = deployment?.spec.template.spec.containers[0];
    const exposes = (port: number | string) =>
      container?.ports.some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port)) ??
      false;

    it('selector matches the pod template labels', () => {
      expect(selects(deployment!.spec.selector.matchLabels, deployment!.spec.template.metadata.labels)).toBe(
        true,
      );
    });

    it('uses its image and listens where its probes point', () => {
      expect(container!.image).toMatch(new RegExp(`^ghcr\\.io/gridpay/${name}[:@]`));
      const port = SERVICES[name];
      expect(container!.ports).toContainEqual({ name: 'http', containerPort: port });
      expect(container!.env).toContainEqual({ name: 'PORT', value: String(port) });
      const probes = [container!.readinessProbe, container!.livenessProbe, container!.startupProbe];
      const unexposed = probes.flatMap((probe) =>
        probe && !exposes(probe.httpGet.port) ? [probe.httpGet.port] : [],
      );
      expect(unexposed).toEqual([]);
    });

    it('reads the platform ConfigMap', () => {
      const refs = (container!.envFrom ?? []).flatMap((source) => source.configMapRef?.name ?? []);
      expect(refs).toContain('gridpay-platform');
      for (const ref of refs) expect(configMaps.map((c) => c.doc.metadata.name)).toContain(ref);
    });

    it('is selected by exactly one Service, whose targetPort the container exposes', () => {
      const selecting = services.filter((s) =>
        selects(s.doc.spec.selector, deployment!.spec.template.metadata.labels),
      );
      expect(selecting.map((s) => s.doc.metadata.name)).toEqual([name]);
      const unexposed = selecting[0].doc.spec.ports.filter(({ targetPort }) => !exposes(targetPort));
      expect(unexposed).toEqual([]);
    });
  });

  it('every Service selects a Deployment', () => {
    const orphans = services.filter(
      (s) => !deployments.some((d) => selects(s.doc.spec.selector, d.doc.spec.template.metadata.labels)),
    );
    expect(orphans.map((s) => s.doc.metadata.name)).toEqual([]);
  });

  it('ConfigMap gridpay-platform carries the platform settings', () => {
    const data = configMaps.find((c) => c.doc.metadata.name === 'gridpay-platform')?.doc.data ?? {};
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS',
        'MONGODB_URI',
        'OTEL_TRACES_EXPORTER',
        'OTEL_EXPORTER_OTLP_ENDPOINT',
      ]),
    );
    for (const broker of data.KAFKA_BROKERS.split(',')) expect(broker.trim()).toMatch(HOST_PORT);
    expect(data.MONGODB_URI).toMatch(/^mongodb(\+srv)?:\/\/\S+$/);
    expect(new URL(data.OTEL_EXPORTER_OTLP_ENDPOINT).protocol).toMatch(/^https?:$/);
  });
});
