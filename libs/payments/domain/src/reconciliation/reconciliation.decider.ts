import { DomainError, unreachable, type Decider } from '@gridpay/shared/ddd';

/** One stream per partner and business day. */
export function reconciliationStreamId(partner: string, businessDate: string): string {
  return `reconciliation-${partner}-${businessDate}`;
}

export type MismatchKind = 'missingOurs' | 'missingTheirs' | 'amountDiffers';

/** One difference between a partner's file and our payments of the day. */
export interface Mismatch {
  /** `<kind>:<partnerTxnId>`: stable across re-posted and corrected files. */
  key: string;
  kind: MismatchKind;
  partnerTxnId: string;
  customerCode: string;
  /** Our amount (missingTheirs, amountDiffers). */
  ours?: number;
  /** The partner's amount (missingOurs, amountDiffers). */
  theirs?: number;
  /** From the partner's line (missingOurs) or our payment (missingTheirs). */
  paidAt?: string;
  paymentId?: string;
}

export function mismatchKey(kind: MismatchKind, partnerTxnId: string): string {
  return `${kind}:${partnerTxnId}`;
}

export interface ReconciliationFigures {
  matched: number;
  matchedAmount: number;
  mismatches: Mismatch[];
}

export interface Resolution {
  key: string;
  action: 'note' | 'late-payment';
  note: string;
  resolvedBy: string;
  resolvedAt: string;
  paymentId?: string;
}

export type ReconciliationCommand =
  | ({
      type: 'RecordReconciliation';
      partner: string;
      businessDate: string;
      /** SHA-256 of the file as parsed: the same file posted again is the same run. */
      fileHash: string;
      completedAt: string;
    } & ReconciliationFigures)
  | ({ type: 'ResolveMismatch'; partner: string; businessDate: string } & Resolution);

export type ReconciliationEvent =
  | {
      type: 'ReconciliationRecorded';
      data: ReconciliationFigures & {
        partner: string;
        businessDate: string;
        run: number;
        fileHash: string;
        /** The file this one corrects, when there was one. */
        supersedes?: string;
        completedAt: string;
      };
    }
  | { type: 'MismatchResolved'; data: Resolution & { partner: string; businessDate: string } };

export interface ReconciliationState {
  runs: number;
  current?: Extract<ReconciliationEvent, { type: 'ReconciliationRecorded' }>['data'];
  resolutions: Resolution[];
}

/** The current file's mismatches no operator has resolved yet. */
export function openMismatches(state: ReconciliationState): Mismatch[] {
  const resolved = new Set(state.resolutions.map((r) => r.key));
  return (state.current?.mismatches ?? []).filter((m) => !resolved.has(m.key));
}

/**
 * A partner's business day as reconciled: the latest file wins (a corrected file supersedes the one
 * before, the same file again decides nothing), and each mismatch stays open until an operator
 * resolves it with a note or by posting the late payment (missingOurs only).
 */
export const reconciliationDecider: Decider<ReconciliationCommand, ReconciliationEvent, ReconciliationState> =
  {
    initialState: () => ({ runs: 0, resolutions: [] }),

    evolve: (state, event) => {
      switch (event.type) {
        case 'ReconciliationRecorded':
          return { ...state, runs: event.data.run, current: event.data };
        case 'MismatchResolved': {
          const { partner: _p, businessDate: _d, ...resolution } = event.data;
          return { ...state, resolutions: [...state.resolutions, resolution] };
        }
        default:
          return state;
      }
    },

    decide: (command, state) => {
      switch (command.type) {
        case 'RecordReconciliation': {
          if (state.current?.fileHash === command.fileHash) return [];
          const { type: _type, ...data } = command;
          return [
            {
              type: 'ReconciliationRecorded',
              data: {
                ...data,
                run: state.runs + 1,
                ...(state.current ? { supersedes: state.current.fileHash } : {}),
              },
            },
          ];
        }
        case 'ResolveMismatch': {
          const mismatch = state.current?.mismatches.find((m) => m.key === command.key);
          if (!mismatch)
            throw new DomainError('unknown-mismatch', `no mismatch ${command.key} in the current file`);
          if (state.resolutions.some((r) => r.key === command.key)) return [];
          if (command.action === 'late-payment' && mismatch.kind !== 'missingOurs')
            throw new DomainError(
              'invalid-resolution',
              'only a payment missing on our side can be posted late; resolve the others with a note',
            );
          if (command.action === 'late-payment' && !command.paymentId)
            throw new DomainError('invalid-resolution', 'a late payment resolution names the payment');
          if (command.note.trim() === '' && command.action === 'note')
            throw new DomainError('invalid-resolution', 'say why in the note');
          const { type: _type, ...data } = command;
          return [{ type: 'MismatchResolved', data }];
        }
        default:
          return unreachable(command);
      }
    },
  };
