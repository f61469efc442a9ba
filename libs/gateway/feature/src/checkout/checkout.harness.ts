import { Logger, type INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS, type EventEnvelope } from '@gridpay/contracts';
import { PlatformConfig } from '@gridpay/shared/config';
import { buildEnvelope } from '@gridpay/shared/event-store';
import { KafkaConnection } from '@gridpay/shared/kafka';
import { createServiceApp } from '@gridpay/shared/service';
import { JsonLogger } from '@gridpay/shared/telemetry';
import { freePort, infra, ServiceProcess, uniqueName, waitFor } from '@gridpay/shared/testing';
import type { Answer } from '../gateway.harness';
import { GatewayModule } from '../gateway.module';
import type { CheckoutOptions } from './checkout.options';

const ROOT = resolve(__dirname, '../../../../..');

/**
 * A fresh consumer group starts at the end of the shared bills topic: read from the beginning, the
 * history other runs left there (thousands of bills) takes the open-bills projection minutes.
 */
export async function startGroupAtTail(groupId: string, topic: string = TOPICS.bills): Promise<void> {
  const admin = new Kafka({
    clientId: 'checkout-test-admin',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return;
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * The gateway with wallet checkout as a Nest app in this process, in front of the real
 * provider-integration process, on the real Kafka and MongoDB-wire server (the GatewayHarness pattern,
 * with the open-bills group started at the topic's end).
 */
export class CheckoutHarness {
  providerIntegration!: ServiceProcess;
  url!: string;
  private app?: INestApplication;
  private kafka?: KafkaConnection;

  async setUp(checkout: CheckoutOptions): Promise<this> {
    const main = resolve(ROOT, 'dist/apps/provider-integration/apps/provider-integration/src/main.js');
    if (!existsSync(main)) {
      const build = spawnSync(
        process.execPath,
        [resolve(ROOT, 'tools/build/build-app.mjs'), 'provider-integration'],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      if (build.status !== 0) throw new Error(`building provider-integration failed: ${build.stderr}`);
    }
    const openBillsGroup = uniqueName('it-checkout-open-bills');
    await startGroupAtTail(openBillsGroup);
    this.providerIntegration = new ServiceProcess('provider-integration', await freePort(), {
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGODB_URI: infra.mongoUri,
      MONGODB_DB: uniqueName('it-checkout-pi'),
      OPEN_BILLS_GROUP: openBillsGroup,
      AUTO_DEBIT_GROUP: uniqueName('it-checkout-auto-debit'),
      LOG_LEVEL: 'warn',
    });
    this.kafka = new KafkaConnection(
      { clientId: 'checkout-test', brokers: infra.kafkaBrokers },
      new Logger('checkout-test'),
    );
    await this.kafka.start();
    await this.kafka.ensureTopics([TOPICS.bills]);
    await this.providerIntegration.waitForReadiness(200);
    await waitFor('the 11 partners seeded', async () => {
      const answer = await this.providerIntegration.get('/admin/partners');
      return Array.isArray(answer.body) && answer.body.length === 11;
    });
    const config = Object.assign(new PlatformConfig(), {
      PORT: 0,
      KAFKA_BROKERS: infra.kafkaBrokers,
      MONGODB_URI: infra.mongoUri,
      MONGODB_DB: uniqueName('it-checkout-gw'),
      LOG_LEVEL: 'warn' as const,
    });
    this.app = await createServiceApp(
      {
        name: 'gateway-test',
        title: 'test',
        config: PlatformConfig,
        bodyParser: false,
        modules: () => [
          GatewayModule.forRoot({
            providerIntegrationUrl: this.providerIntegration.url,
            bodyLimitBytes: 64 * 1024,
            rateLimit: { perSecond: 1000, burst: 1000 },
            checkout,
          }),
        ],
      },
      config,
      new JsonLogger('gateway-test', 'error'),
    );
    await this.app.listen(0, '127.0.0.1');
    this.url = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    await waitFor('gateway ready', async () => (await fetch(`${this.url}/health/ready`)).status === 200);
    return this;
  }

  async tearDown(): Promise<void> {
    await this.app?.close();
    await this.kafka?.close();
    await this.providerIntegration?.kill();
  }

  async send(
    method: string,
    pathWithQuery: string,
    raw: string,
    headers: Record<string, string>,
  ): Promise<Answer> {
    const response = await fetch(this.url + pathWithQuery, {
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

  async recorded(partner: string, partnerTxnId: string): Promise<number> {
    return (await this.payment(partner, partnerTxnId)).status;
  }

  /** Publishes billing's BillIssued and waits until provider-integration's inquiry shows the bill. */
  async issueBill(customerCode: string, period: string, amountDue: number): Promise<string> {
    const billId = `${customerCode}-${period}`;
    const envelope: EventEnvelope = buildEnvelope(
      'BillIssued',
      {
        billId,
        customerCode,
        period,
        kwh: 150,
        lines: [{ label: 'Bậc 1', kwh: 150, unitPrice: 1984, amount: 297_600 }],
        subtotal: 297_600,
        vatRate: 8,
        vat: 23_808,
        total: 321_408,
        creditApplied: 0,
        amountDue,
        dueDate: `${period}-28`,
        contact: {},
      },
      { producer: 'billing', partitionKey: customerCode, correlationId: 'it-checkout' },
    );
    await this.kafka!.producer.send({
      topic: TOPICS.bills,
      acks: -1,
      messages: [{ key: customerCode, value: JSON.stringify(envelope) }],
    });
    await waitFor(
      `${billId} open in provider-integration`,
      async () => {
        const answer = await this.providerIntegration.get(`/internal/bills?customerCode=${customerCode}`);
        return answer.status === 200;
      },
      { timeoutMs: 60_000 },
    );
    return billId;
  }
}
