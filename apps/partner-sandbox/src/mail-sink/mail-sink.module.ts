import {
  Controller,
  Get,
  Inject,
  Injectable,
  Logger,
  Module,
  Query,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SmtpReceiver } from '@gridpay/shared/testing';

/** The customers' mailboxes: a real SMTP server (port MAIL_SINK_PORT, 2525) that keeps what arrives. */
@Injectable()
export class MailSink implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly receiver = new SmtpReceiver();
  private readonly logger = new Logger('MailSink');

  async onApplicationBootstrap(): Promise<void> {
    const port = Number(process.env.MAIL_SINK_PORT ?? 2525);
    try {
      await this.receiver.start(port);
      this.logger.log(`mail sink listening on ${this.receiver.url}`);
    } catch (error) {
      this.logger.warn(`mail sink not started on port ${port}: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.receiver.stop();
  }
}

@ApiTags('mail sink')
@Controller('mail')
export class MailSinkController {
  constructor(@Inject(MailSink) private readonly sink: MailSink) {}

  @Get('messages')
  @ApiOperation({ summary: 'Emails received (newest last), optionally for one address' })
  @ApiQuery({ name: 'to', required: false })
  messages(@Query('to') to?: string) {
    const mails = to ? this.sink.receiver.to(to) : this.sink.receiver.mails;
    return { count: mails.length, messages: mails.slice(-100) };
  }
}

@Module({ controllers: [MailSinkController], providers: [MailSink] })
export class MailSinkModule {}
