import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  buildTable,
  filterOptions,
  isTableName,
  parseCampaignTargets,
  TABLE_NAMES,
  toCsv,
  type ReportFilter,
} from '@gridpay/reporting/domain';
import { CampaignTargetsStore } from '../campaign-targets/campaign-targets.store';
import { ReportDataReader } from './report-data.reader';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function filterFrom(query: Record<string, unknown>): ReportFilter {
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new BadRequestException(`${name}: give it once`);
    return value.trim();
  };
  const filter: ReportFilter = {
    period: text('period'),
    commune: text('commune'),
    partner: text('partner'),
    channel: text('channel'),
    asOf: text('asOf'),
  };
  if (filter.period && !PERIOD.test(filter.period))
    throw new BadRequestException('period: a billing month as YYYY-MM, e.g. 2025-06');
  if (filter.asOf && (!DAY.test(filter.asOf) || Number.isNaN(Date.parse(filter.asOf))))
    throw new BadRequestException('asOf: a day as YYYY-MM-DD');
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as ReportFilter;
}

/** Every table as JSON or CSV, filtered by period, commune, partner and channel. */
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    @Inject(ReportDataReader) private readonly reader: ReportDataReader,
    @Inject(CampaignTargetsStore) private readonly targets: CampaignTargetsStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The tables, the filters each applies, and how to ask for CSV' })
  list() {
    const empty = { ledgers: [], reconciliation: [], targets: { branch: '', plan: {}, teams: [] } };
    return {
      formats: ['json', 'csv'],
      query: 'period=YYYY-MM&commune=&partner=&channel=&asOf=YYYY-MM-DD&format=json|csv',
      tables: TABLE_NAMES.map((name) => {
        const table = buildTable(name, empty as never, {});
        return {
          name,
          title: table.title,
          path: `/reports/${name}`,
          filters: table.filters,
          columns: table.columns,
        };
      }),
    };
  }

  @Get('filters')
  @ApiOperation({ summary: 'The periods, communes, partners and channels present in the data' })
  async filters() {
    const data = await this.reader.read();
    return { branch: data.targets.branch, ...filterOptions(data) };
  }

  @Get('campaign/targets')
  @ApiOperation({ summary: "The staff campaign's teams, members, monthly targets and the branch's plan" })
  currentTargets() {
    return this.targets.current();
  }

  @Put('campaign/targets')
  @ApiOperation({
    summary: 'Replace the campaign targets and team membership as a whole (same shape as GET)',
  })
  async replaceTargets(@Body() body: unknown) {
    const input = (body as { targets?: unknown } | undefined)?.targets ?? body;
    const parsed = parseCampaignTargets(input);
    if (!parsed.ok)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid targets',
        problems: parsed.problems,
      });
    const saved = await this.targets.replace(parsed.targets);
    this.reader.invalidate();
    return saved;
  }

  @Get(':table')
  @ApiOperation({ summary: 'One table: JSON (default) or CSV with format=csv' })
  @ApiQuery({ name: 'period', required: false, description: 'billing month YYYY-MM' })
  @ApiQuery({ name: 'commune', required: false })
  @ApiQuery({ name: 'partner', required: false, description: 'partner code, e.g. momo' })
  @ApiQuery({ name: 'channel', required: false, description: 'e.g. WALLET, COUNTER, AUTO_DEBIT' })
  @ApiQuery({ name: 'asOf', required: false, description: 'debt: the day ages are counted at' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async table(
    @Param('table') name: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!isTableName(name))
      throw new NotFoundException(`no table "${name}"; tables: ${TABLE_NAMES.join(', ')}`);
    const format = query.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new BadRequestException('format: json or csv');
    const filter = filterFrom(query);
    const table = buildTable(name, await this.reader.read(), filter);
    if (format === 'csv') {
      const suffix = [filter.period, filter.commune, filter.partner, filter.channel]
        .filter(Boolean)
        .join('-')
        .replace(/[^A-Za-z0-9_-]+/g, '_');
      response.setHeader('content-type', 'text/csv; charset=utf-8');
      response.setHeader(
        'content-disposition',
        `attachment; filename="${name}${suffix ? `-${suffix}` : ''}.csv"`,
      );
      // The byte order mark makes Excel read the Vietnamese names as UTF-8.
      return '\uFEFF' + toCsv(table.columns, table.rows);
    }
    const applied = Object.fromEntries(
      table.filters.filter((key) => filter[key] !== undefined).map((key) => [key, filter[key]]),
    );
    return { table: name, title: table.title, filters: applied, columns: table.columns, rows: table.rows };
  }
}
