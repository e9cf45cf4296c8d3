// The API's responses as the portal reads them (the fields it shows; the API sends more).

export interface Flexibility {
  upKw: number;
  downKw: number;
  upEnergyNextHourKwh: number;
  downEnergyNextHourKwh: number;
}

export interface FleetTypeStatus {
  online: number;
  offline: number;
  neverReported: number;
  powerKw: number;
  flexibility: Flexibility;
  optedOut: number;
}

export interface Fleet {
  asOf: string;
  deviceCount: number;
  onlineCount: number;
  totalPowerKw: number;
  siteNetKw: number;
  solarKw: number;
  flexibility: Flexibility;
  byType: Record<string, FleetTypeStatus>;
  optedOutCount: number;
}

export interface Transition {
  from: string | null;
  to: string;
  atUtc: string;
  cause: string;
}

export interface DispatchPlan {
  version: number;
  targetKw: number | null;
  plannedShedKw: number;
  participants: number;
  reserves: number;
  customers: number;
  devices: number;
  method: string;
  solverStatus: string | null;
  /** How the fleet planner's solve went; null for plans it did not make (an increase's headroom). */
  search: PlanSearch | null;
}

export interface PlanSearch {
  rounds: number;
  keptRound: number;
  stoppedAtLimit: boolean;
  seconds: number;
}

export interface DeliveryMinute {
  minuteUtc: string;
  targetKw: number;
  baselineKw: number;
  measuredKw: number;
  deliveredKw: number;
  reporting: number;
  commanded: number;
  overrides: number;
  optOuts: number;
  /** How often the devices counted report (median); 0 when none did. */
  reportingIntervalSeconds: number;
}

export interface DispatchEvent {
  eventId: string;
  kind: string;
  status: string;
  localStart: string;
  localEnd: string;
  targetKw: number | null;
  deviceTypes: string[];
  feeders: string[];
  notice: string;
  test: boolean;
  message: string | null;
  history: Transition[];
  plan: DispatchPlan | null;
  delivery: DeliveryMinute[] | null;
}

export interface DispatchEventList {
  events: DispatchEvent[];
}

export interface SettlementTransition {
  status: string;
  atUtc: string;
  by: string;
  cause: string;
  /** A step after approval failed after its retries: the run waits here until someone resumes it. */
  held: boolean;
}

export interface FailedPayout {
  customerId: string;
  amount: number;
  code: string | null;
  message: string | null;
  attempts: number;
}

export interface SettlementRun {
  month: string;
  version: number;
  status: string;
  held: SettlementTransition | null;
  enrolments: number;
  customers: number;
  statementsTotal: number;
  broughtForwardTotal: number;
  transfersTotal: number;
  carriedTotal: number;
  balanced: boolean;
  history: SettlementTransition[];
  failedPayouts: FailedPayout[];
  exports: string[];
}

export interface SettlementRunList {
  runs: SettlementRun[];
}

export interface SettlementStarted {
  month: string;
  version: number;
}

export interface Payout {
  amount: number;
  broughtForward: number;
  disposition: string;
  state: string;
  transferId: string | null;
  failureCode: string | null;
}

export interface StatementSummary {
  customerId: string;
  total: number;
  devices: number;
  events: number;
  payout: Payout;
}

export interface StatementPage {
  page: number;
  pages: number;
  statements: StatementSummary[];
}

export interface DeviceEventSettlement {
  eventId: string;
  localDate: string;
  method: string | null;
  fallbackReason: string | null;
  baselineKwh: number;
  actualKwh: number;
  deliveredKwh: number;
  optedOut: boolean;
  excludedReason: string | null;
}

export interface StatementLine {
  kind: string;
  description: string;
  quantity: number;
  unit: string;
  rate: number | null;
  amount: number;
}

export interface EnrolmentStatement {
  deviceId: string;
  committedKw: number;
  commitmentBasis: string;
  performanceFactor: number | null;
  events: DeviceEventSettlement[];
  lines: StatementLine[];
}

export interface CustomerStatement {
  customerId: string;
  total: number;
  devices: EnrolmentStatement[];
  payout: Payout;
}

export interface Quantiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface ForecastInterval {
  startUtc: string;
  localStart: string;
  loadKw: Quantiles;
  solarKw: Quantiles | null;
  modelVersion: string;
}

export interface Forecast {
  intervals: ForecastInterval[];
}
