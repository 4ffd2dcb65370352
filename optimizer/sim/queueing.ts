/*
 * M/M/c queueing model of the web fleet: Poisson arrivals, exponential service, c identical workers, FCFS.
 * Used by the twin to turn a request rate and a number of in-service instances into p95 latency and errors.
 */

/**
 * Erlang C: probability that an arriving request has to wait, for `servers` workers and offered load
 * `offeredLoad` = λ/μ (Erlangs). Returns 1 when the load reaches or exceeds the servers (unstable queue).
 * Example: erlangC(2, 1) = 1/3; erlangC(1, ρ) = ρ.
 */
export function erlangC(servers: number, offeredLoad: number): number {
  if (!Number.isInteger(servers) || servers < 1)
    throw new Error(`erlangC: servers must be a positive integer, got ${servers}`);
  if (!(offeredLoad >= 0)) throw new Error(`erlangC: offered load must be ≥ 0, got ${offeredLoad}`);
  if (offeredLoad >= servers) return 1;
  // Erlang B by the stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

/**
 * P(response time > t seconds) in M/M/c: response = wait + service, with P(wait > t) = C·e^{-(cμ-λ)t}
 * and service ~ Exp(μ). Closed form of the convolution. `waitProbability` is erlangC(servers, λ/μ).
 */
export function responseTimeTail(
  t: number,
  servers: number,
  arrivalRate: number,
  serviceRate: number,
  waitProbability = erlangC(servers, arrivalRate / serviceRate),
): number {
  const c = waitProbability;
  const theta = servers * serviceRate - arrivalRate;
  const eMu = Math.exp(-serviceRate * t);
  if (Math.abs(theta - serviceRate) < 1e-9 * serviceRate) return eMu + c * serviceRate * t * eMu;
  return eMu + (c * serviceRate * (eMu - Math.exp(-theta * t))) / (theta - serviceRate);
}

/**
 * Quantile q (e.g. 0.95) of the M/M/c response time in milliseconds; Infinity when λ ≥ cμ.
 * Example: one worker, μ = 20/s, λ = 10/s → ln(20)/(20−10) s ≈ 299.6 ms.
 */
export function responseTimeQuantileMs(arrivalRate: number, servers: number, serviceTimeMs: number, q = 0.95): number {
  const mu = 1000 / serviceTimeMs;
  if (arrivalRate >= servers * mu) return Infinity;
  const tail = 1 - q;
  if (arrivalRate <= 0) return -Math.log(tail) * serviceTimeMs;
  const c = erlangC(servers, arrivalRate / mu);
  // The quantile lies between the service-time quantile and that plus the wait quantile's upper bound.
  let lo = -Math.log(tail) / mu;
  let hi = lo + Math.max(0, Math.log(Math.max(c, tail) / tail)) / (servers * mu - arrivalRate) + 1 / mu;
  while (responseTimeTail(hi, servers, arrivalRate, mu, c) > tail) hi *= 2;
  while (hi - lo > 1e-6 * hi) {
    const mid = (lo + hi) / 2;
    if (responseTimeTail(mid, servers, arrivalRate, mu, c) > tail) lo = mid;
    else hi = mid;
  }
  return ((lo + hi) / 2) * 1000;
}

export interface ServiceModel {
  workersPerInstance: number;
  serviceTimeMs: number;
  idleCpuPercent: number;
  /** p95 reported for an overloaded minute; also the request timeout (slower requests count as errors). */
  overloadLatencyMs: number;
}

export interface MinutePerformance {
  cpuPercent: number;
  p95LatencyMs: number;
  errorRatePercent: number;
}

/** Capacity (requests/s) of one instance. */
export function instanceCapacityRps(m: ServiceModel): number {
  return (m.workersPerInstance * 1000) / m.serviceTimeMs;
}

/**
 * Steady-state performance of a fleet of `inService` instances at `rps` requests/s for one minute.
 * CPU is NaN with no instance in service (CloudWatch has no datapoint). Requests slower than the timeout and,
 * when overloaded, the excess over capacity are errors (5xx).
 */
export function fleetPerformance(rps: number, inService: number, m: ServiceModel): MinutePerformance {
  if (inService <= 0)
    return { cpuPercent: NaN, p95LatencyMs: m.overloadLatencyMs, errorRatePercent: rps > 0 ? 100 : 0 };
  const servers = inService * m.workersPerInstance;
  const capacity = inService * instanceCapacityRps(m);
  const utilisation = rps / capacity;
  const cpuPercent = m.idleCpuPercent + (100 - m.idleCpuPercent) * Math.min(1, utilisation);
  if (utilisation >= 1)
    return { cpuPercent, p95LatencyMs: m.overloadLatencyMs, errorRatePercent: (1 - capacity / rps) * 100 };
  const p95 = responseTimeQuantileMs(rps, servers, m.serviceTimeMs);
  const timedOut = responseTimeTail(
    m.overloadLatencyMs / 1000,
    servers,
    rps,
    1000 / m.serviceTimeMs,
    erlangC(servers, (rps * m.serviceTimeMs) / 1000),
  );
  return {
    cpuPercent,
    p95LatencyMs: Math.min(p95, m.overloadLatencyMs),
    errorRatePercent: Math.max(0, timedOut) * 100,
  };
}
