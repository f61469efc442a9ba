import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

const HOST_PORT = /^[A-Za-z0-9.\-_]+:\d{1,5}$/;

function splitList(value: unknown): unknown {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
}

/** Variables every GridPay service reads. A service's own config class extends this one. */
export class PlatformConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @Transform(({ value }) => splitList(value))
  @IsNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(HOST_PORT, { each: true, message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS!: string[];

  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI!: string;

  /** Database of this service inside the cluster; each service owns its own. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'MONGODB_DB must be 1-63 letters, digits, - or _' })
  MONGODB_DB!: string;

  /**
   * Put before the name of every consumer group the service runs (empty in production). Tests and
   * side-by-side environments on one Kafka give their own, e.g. "e2e-42." runs e2e-42.billing.settlement
   * instead of sharing billing.settlement's offsets with every other instance.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{0,100}$/, {
    message: 'KAFKA_GROUP_PREFIX may hold only letters, digits, ., _ or -',
  })
  KAFKA_GROUP_PREFIX = '';

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';
}
