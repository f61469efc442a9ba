import { Logger, type INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { signPartnerRequest } from '@gridpay/partner-api';
import { PlatformConfig } from '@gridpay/shared/config';
import { buildEnvelope } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { createServiceApp } from '@gridpay/shared/service';
import { JsonLogger } from '@gridpay/shared/telemetry';
import {
  billIssuedData,
  infra,
  ServiceProcess,
  startProviderIntegrationProcess,
  uniqueName,
  waitFor,
} from '@gridpay/shared/testing';
import { GatewayModule } from './gateway.module';
import type { CheckoutOptions } from './checkout/checkout.options';
import type { GatewayOptions } from './gateway.options';

/** The sandbox credentials of the seed (README "Partner API"). */
export const SANDBOX = {
  agribank: { keyId: 'agribank-sbx-1', secret: 'sandbox-agribank-key1-not-a-real-secret-0000' },
  vietcombank: { keyId: 'vietcombank-sbx-1', secret: 'sandbox-vietcombank-key1-not-a-real-secret-0000' },
  momo: { keyId: 'momo-sbx-1', secret: 'sandbox-momo-key1-not-a-real-secret-0000' },
} as const;

export interface SignedCall {
  partner?: keyof typeof SANDBOX;
  keyId?: string;
  secret?: string;
  timestamp?: number;
  nonce?: string;
  /** Replaces or removes (undefined) headers after signing. */
  headers?: Record<string, string | undefined>;
  contentType?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

let serial = 0;
/** A customer code no other test run used. */
export function freshCustomerCode(): string {
  serial = (serial + 1) % 100;
  const digits = `${Date.now() % 100_000}${String(serial).padStart(2, '0')}`.padStart(7, '0');
  return `PG${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}${digits.slice(-7)}`;
}

/**
 * The gateway as a Nest app in this process, in front of the real provider-integration service
 * (built from source and started as a process, as in production), on the real Kafka and MongoDB-wire
 * server with databases and an open-bills consumer group of their own.
 */
export class GatewayHarness {
  providerIntegration!: ServiceProcess;
  private readonly apps: INestApplication[] = [];
  private kafka!: KafkaConnection;
  url!: string;

  /** `prefix` names the databases and consumer groups of this harness. */
  constructor(private readonly prefix = 'it-gw') {}

  /** With `checkout`, the gateway also serves wallet checkout. */
  async setUp(checkout?: CheckoutOptions): Promise<this> {
    this.kafka = new KafkaConnection(
      { clientId: 'gateway-test', brokers: infra.kafkaBrokers },
      new Logger('gateway-test'),
    );
    await this.kafka.start();
    await this.kafka.ensureTopics([TOPICS.bills]);
    this.providerIntegration = await startProviderIntegrationProcess(this.prefix, {
      AUTO_DEBIT_GROUP: uniqueName(`${this.prefix}-auto-debit`),
    });
    this.url = await this.startGateway({ checkout });
    return this;
  }

  /** A gateway app in this process; returns its base URL. */
  async startGateway(options: Partial<GatewayOptions> = {}): Promise<string> {
    const config = Object.assign(new PlatformConfig(), {
      PORT: 0,
      KAFKA_BROKERS: infra.kafkaBrokers,
      MONGODB_URI: infra.mongoUri,
      MONGODB_DB: uniqueName(`${this.prefix}-gw`),
      LOG_LEVEL: 'warn' as const,
    });
    const app = await createServiceApp(
      {
        name: 'gateway-test',
        title: 'test',
        config: PlatformConfig,
        bodyParser: false,
        modules: () => [
          GatewayModule.forRoot({
            providerIntegrationUrl: this.providerIntegration.url,
            bodyLimitBytes: 64 * 1024,
            fileBodyLimitBytes: 1024 * 1024,
            rateLimit: { perSecond: 1000, burst: 1000 },
            ...options,
          }),
        ],
      },
      config,
      new JsonLogger('gateway-test', 'error'),
    );
    await app.listen(0, '127.0.0.1');
    this.apps.push(app);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await waitFor('gateway ready', async () => (await fetch(`${url}/health/ready`)).status === 200);
    return url;
  }

  async tearDown(): Promise<void> {
    for (const app of this.apps) await app.close();
    await this.kafka?.close();
    await this.providerIntegration?.kill();
  }

  /** A request signed as a partner would sign it (then optionally tampered with). */
  async signed(
    method: string,
    pathWithQuery: string,
    body?: unknown,
    call: SignedCall = {},
    base = this.url,
  ) {
    const partner = call.partner ?? 'agribank';
    const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      ...signPartnerRequest({
        method,
        pathWithQuery,
        body: raw,
        partnerCode: partner,
        keyId: call.keyId ?? SANDBOX[partner].keyId,
        secret: call.secret ?? SANDBOX[partner].secret,
        timestamp: call.timestamp ?? Math.floor(Date.now() / 1000),
        nonce: call.nonce ?? randomBytes(16).toString('hex'),
      }),
    };
    if (raw !== '') headers['content-type'] = call.contentType ?? 'application/json';
    for (const [name, value] of Object.entries(call.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    return this.send(method, pathWithQuery, raw, headers, base);
  }

  async send(
    method: string,
    pathWithQuery: string,
    raw: string,
    headers: Record<string, string>,
    base = this.url,
  ): Promise<Answer> {
    const response = await fetch(base + pathWithQuery, {
      method,
      headers,
      body: raw === '' ? undefined : raw,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body };
  }

  /** provider-integration's own view of a partner's payment (status 404 when none was recorded). */
  payment(partner: string, partnerTxnId: string) {
    return this.providerIntegration.get(`/internal/payments/${partner}/${partnerTxnId}`);
  }

  /** Whether provider-integration recorded the payment, past the gateway (its status code). */
  async recorded(partner: string, partnerTxnId: string): Promise<number> {
    return (await this.payment(partner, partnerTxnId)).status;
  }

  async admin(path: string, body?: unknown): Promise<number> {
    const response = await fetch(this.providerIntegration.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return response.status;
  }

  /** Publishes billing's BillIssued and waits until provider-integration's inquiry shows the bill. */
  async issueBill(customerCode: string, period: string, amountDue: number): Promise<string> {
    const billId = `${customerCode}-${period}`;
    const envelope: EventEnvelope = buildEnvelope(
      'BillIssued',
      billIssuedData(customerCode, period, amountDue),
      { producer: 'billing', partitionKey: customerCode, correlationId: this.prefix },
    );
    await this.kafka.producer.send({
      topic: TOPICS.bills,
      acks: -1,
      messages: [{ key: customerCode, value: JSON.stringify(envelope) }],
    });
    await waitFor(
      `${billId} open in provider-integration`,
      async () => {
        const answer = await this.providerIntegration.get(`/internal/bills?customerCode=${customerCode}`);
        // The bill itself, not only its customer: a second bill of a known customer lags behind.
        const view = answer.body as { bills?: Array<{ billId: string }> };
        return answer.status === 200 && !!view.bills?.some((bill) => bill.billId === billId);
      },
      { timeoutMs: 60_000 },
    );
    return billId;
  }
}
