import data from './sandbox-partners.json';

export interface SandboxPartner {
  code: string;
  keyId: string;
  secret: string;
  /** Share of payments this partner collects (relative). */
  weight: number;
  /** Share of its payments per channel (relative). */
  channels: Record<string, number>;
}

export const SANDBOX_PARTNERS = data.partners as unknown as SandboxPartner[];

/** Picks a key by relative weight; `random` in [0, 1). */
export function pickWeighted(weights: Record<string, number>, random: number): string {
  const entries = Object.entries(weights).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random * total;
  for (const [key, weight] of entries) {
    point -= weight;
    if (point < 0) return key;
  }
  return entries[entries.length - 1][0];
}

const BY_CODE = new Map(SANDBOX_PARTNERS.map((partner) => [partner.code, partner]));

export function isSandboxPartner(code: string): boolean {
  return BY_CODE.has(code);
}

/** The partner of that code; callers check the code first (isSandboxPartner). */
export function sandboxPartner(code: string): SandboxPartner {
  const partner = BY_CODE.get(code);
  if (!partner) throw new Error(`no sandbox partner ${code}`);
  return partner;
}
