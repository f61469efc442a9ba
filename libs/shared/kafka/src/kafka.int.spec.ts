import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { infra, uniqueName, waitFor } from '@gridpay/shared/testing';
import { KafkaConnection } from './kafka.connection';

const quiet = new Logger('kafka-int');

describe('Kafka through the real broker', () => {
  const kafka = new Kafka({ clientId: 'kafka-int', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('produces and consumes a keyed message', async () => {
    const topic = uniqueName('it-produce-consume');
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const connection = new KafkaConnection({ clientId: 'kafka-int', brokers: infra.kafkaBrokers }, quiet);
    const received: EachMessagePayload[] = [];
    try {
      await connection.start();
      await connection.producer.send({
        topic,
        messages: [{ key: 'PB05020054904', value: JSON.stringify({ amount: 298_430 }) }],
      });
      const consumer = connection.createConsumer({ groupId: uniqueName('it-group') });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async (payload) => void received.push(payload) });
      await waitFor('the message to arrive', () => received.length === 1);
      expect(received[0].message.key?.toString()).toBe('PB05020054904');
      expect(JSON.parse(received[0].message.value!.toString())).toEqual({ amount: 298_430 });
    } finally {
      await connection.close();
    }
  });

  it('closing the connection makes its consumers leave their group', async () => {
    const topic = uniqueName('it-leave');
    const groupId = uniqueName('it-leave-group');
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    const connection = new KafkaConnection({ clientId: 'kafka-int', brokers: infra.kafkaBrokers }, quiet);
    const consumer = connection.createConsumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic });
    await consumer.run({ eachMessage: async () => undefined });
    const describe = async () => (await admin.describeGroups([groupId])).groups[0];
    await waitFor('the consumer to join', async () => (await describe()).state === 'Stable');

    await connection.close();

    const group = await describe();
    expect(group.state).toBe('Empty');
    expect(group.members).toHaveLength(0);
  });

  it('reports a reachable broker, and names the failure of an unreachable one', async () => {
    const up = new KafkaConnection({ clientId: 'kafka-int', brokers: infra.kafkaBrokers }, quiet);
    const down = new KafkaConnection({ clientId: 'kafka-int', brokers: ['127.0.0.1:1'] }, quiet);
    try {
      await expect(up.checkReachable()).resolves.toBeUndefined();
      await expect(down.checkReachable()).rejects.toThrow(/ECONNREFUSED|Connection/);
    } finally {
      await up.close();
      await down.close();
    }
  });
});
