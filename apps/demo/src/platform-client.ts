/** Where the running platform is (the ports ./gridpay up uses, overridable) and small HTTP helpers. */
export const endpoints = {
  gateway: process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000',
  billing: process.env.BILLING_URL ?? 'http://127.0.0.1:3001',
  providerIntegration: process.env.PROVIDER_INTEGRATION_URL ?? 'http://127.0.0.1:3002',
  notification: process.env.NOTIFICATION_URL ?? 'http://127.0.0.1:3003',
  reporting: process.env.REPORTING_URL ?? 'http://127.0.0.1:3004',
  sandbox: process.env.SANDBOX_URL ?? 'http://127.0.0.1:3090',
  zipkin: (process.env.OTEL_EXPORTER_ZIPKIN_ENDPOINT ?? 'http://127.0.0.1:9411/api/v2/spans').replace(
    /\/api\/v2\/spans$/,
    '',
  ),
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
};

async function answer<T>(response: Response, url: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} from ${url}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function getJson<T = unknown>(
  url: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET',
  body?: unknown,
): Promise<T> {
  const response = await fetch(url, {
    method,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  }).catch((error: Error & { cause?: { code?: string; message?: string } }) => {
    // fetch says only "fetch failed"; the reason (refused, a 300 s headers timeout…) is its cause.
    const why = error.cause?.code ?? error.cause?.message ?? error.message;
    throw new Error(`${method} ${url}: ${why}`, { cause: error });
  });
  return answer<T>(response, url);
}

export async function postText<T>(url: string, text: string, contentType = 'text/csv'): Promise<T> {
  const response = await fetch(url, { method: 'POST', body: text, headers: { 'content-type': contentType } });
  return answer<T>(response, url);
}

/**
 * Waits as long as the probe's position keeps moving (a district-size month takes as long as it
 * takes); gives up only after `stallMs` without any change.
 */
export async function waitWhileMoving(
  what: string,
  probe: () => Promise<{ done: boolean; position: number }>,
  stallMs = 600_000,
  intervalMs = 500,
): Promise<void> {
  let position: number | undefined;
  let movedAt = Date.now();
  for (;;) {
    const now = await probe();
    if (now.done) return;
    if (now.position !== position) {
      position = now.position;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs) {
      throw new Error(`gave up waiting for ${what}: no progress for ${stallMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 600_000,
  intervalMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
