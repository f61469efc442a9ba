import type { Connection, mongo } from 'mongoose';
import { SAMPLE_TARGETS, type CampaignTargets } from '@gridpay/reporting/domain';
import { connectedDb } from '@gridpay/shared/mongo';

interface TargetsDoc {
  _id: string;
  targets: CampaignTargets;
  updatedAt: Date;
}

export interface CurrentTargets {
  targets: CampaignTargets;
  /** "sample" until someone replaces them through the API. */
  source: 'sample' | 'replaced';
  updatedAt?: string;
}

/** The campaign's targets and team membership: the sample file until replaced as a whole. */
export class CampaignTargetsStore {
  constructor(private readonly connection: Connection) {}

  private get collection(): mongo.Collection<TargetsDoc> {
    return connectedDb(this.connection).collection<TargetsDoc>('campaign_targets');
  }

  async current(): Promise<CurrentTargets> {
    const doc = await this.collection.findOne({ _id: 'current' });
    return doc
      ? { targets: doc.targets, source: 'replaced', updatedAt: doc.updatedAt.toISOString() }
      : { targets: SAMPLE_TARGETS, source: 'sample' };
  }

  /** One writer (an admin); a single-document replace. */
  async replace(targets: CampaignTargets): Promise<CurrentTargets> {
    const updatedAt = new Date();
    await this.collection.replaceOne({ _id: 'current' }, { targets, updatedAt }, { upsert: true });
    return { targets, source: 'replaced', updatedAt: updatedAt.toISOString() };
  }
}
