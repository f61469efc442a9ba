import sample from './targets.json';

export interface StaffMember {
  code: string;
  name: string;
  /** Enrollments per month. */
  target: number;
}

export interface Team {
  code: string;
  name: string;
  /** Enrollments per month for the team as a whole (may differ from the sum of its members'). */
  target: number;
  members: StaffMember[];
}

/** The company's plan for the branch: the two shares and enrollments per month. */
export interface PlanTarget {
  /** 0..1 of billed customers. */
  throughPartnersShare: number;
  cashlessShare: number;
  enrollmentsPerMonth: number;
}

export interface CampaignTargets {
  branch: string;
  plan: PlanTarget;
  /** Partners whose mandates count as e-channel (e-wallet) sign-ups; the rest are auto-debit mandates. */
  eChannelPartners: string[];
  teams: Team[];
}

export const SAMPLE_TARGETS: CampaignTargets = {
  branch: sample.branch,
  plan: sample.plan,
  eChannelPartners: sample.eChannelPartners,
  teams: sample.teams,
};

const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
const isShare = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;
const isText = (value: unknown) => typeof value === 'string' && value.trim().length > 0;

/** Checks a replacement for the targets; returns the problems, naming each field, or the targets. */
export function parseCampaignTargets(
  input: unknown,
): { ok: true; targets: CampaignTargets } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const body = (input ?? {}) as Record<string, unknown>;
  if (!isText(body.branch)) problems.push('branch: a name is required');
  const plan = (body.plan ?? {}) as Record<string, unknown>;
  if (!isShare(plan.throughPartnersShare)) problems.push('plan.throughPartnersShare: a number 0..1');
  if (!isShare(plan.cashlessShare)) problems.push('plan.cashlessShare: a number 0..1');
  if (!isCount(plan.enrollmentsPerMonth)) problems.push('plan.enrollmentsPerMonth: a whole number >= 0');
  const eChannel = body.eChannelPartners ?? [];
  if (!Array.isArray(eChannel) || !eChannel.every(isText))
    problems.push('eChannelPartners: a list of partner codes');
  const teams = body.teams;
  const seen = new Set<string>();
  if (!Array.isArray(teams) || teams.length === 0) problems.push('teams: at least one team');
  else
    teams.forEach((team: Record<string, unknown>, t) => {
      if (!isText(team.code)) problems.push(`teams[${t}].code: required`);
      if (!isText(team.name)) problems.push(`teams[${t}].name: required`);
      if (!isCount(team.target)) problems.push(`teams[${t}].target: a whole number >= 0`);
      if (!Array.isArray(team.members)) problems.push(`teams[${t}].members: a list`);
      else
        team.members.forEach((member: Record<string, unknown>, m) => {
          const at = `teams[${t}].members[${m}]`;
          if (!isText(member.code)) problems.push(`${at}.code: required`);
          else if (seen.has(member.code as string))
            problems.push(`${at}.code: ${member.code as string} is in more than one team`);
          else seen.add(member.code as string);
          if (!isText(member.name)) problems.push(`${at}.name: required`);
          if (!isCount(member.target)) problems.push(`${at}.target: a whole number >= 0`);
        });
    });
  if (problems.length > 0) return { ok: false, problems };
  const targets = body as unknown as CampaignTargets;
  return {
    ok: true,
    targets: {
      branch: targets.branch,
      plan: {
        throughPartnersShare: targets.plan.throughPartnersShare,
        cashlessShare: targets.plan.cashlessShare,
        enrollmentsPerMonth: targets.plan.enrollmentsPerMonth,
      },
      eChannelPartners: [...(eChannel as string[])],
      teams: targets.teams.map((team) => ({
        code: team.code,
        name: team.name,
        target: team.target,
        members: team.members.map(({ code, name, target }) => ({ code, name, target })),
      })),
    },
  };
}
