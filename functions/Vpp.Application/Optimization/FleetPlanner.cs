using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vpp.Domain.Optimization;

namespace Vpp.Application.Optimization;

/// <summary>
/// Plans a program's flexible devices over a horizon. Cohorts are planned as virtual batteries in one LP for the
/// chosen objective; each cohort's plan is split among its members and every member's plan is checked against that
/// member's own limits. Ending the horizon where a store started, and an event's requested reduction, are soft
/// constraints with explicit penalties: what cannot be met is reported with how much. Device limits that could never
/// be met (an EV that arrives too late for its need) are relaxed per device and reported by the envelopes. A lone
/// device with a minimum running power (an EV charger's 6 A) gets an on/off decision per interval, which makes the first
/// solve a mixed-integer program; repair rounds keep those decisions, and if the search finds no plan its relaxation is
/// solved instead and those devices' plans rounded (reported). Where
/// members cannot follow their cohort, the cohort is pinned to what they can do and the LP is solved again (a few
/// rounds, each started only if it would end with as long again to spare), so the rest of the fleet makes up the
/// difference; an event interval the members' plans leave short asks the next round for that much more there. The plan
/// is the round whose members' plans do best on the objective (pins only narrow the LP, so the last is not always the
/// best), and the search stops when several rounds in a row have not found a better one; a repair round that fails is not
/// a candidate, and an event is checked on the devices' final plans. A peak or a cost the members' plans would make worse
/// than leaving every device undispatched is not planned: the devices keep their baselines (method <c>undispatched</c>).
/// If the first solve finds no plan (solver missing, failed, out of time), a greedy merit-order plan is returned instead,
/// marked as such and logged as a warning: a fleet planned greedily for long is a fault to fix, not a mode to run in.
/// </summary>
/// <param name="computeClock">
/// Times the plan's own computation against its limit: the machine's clock by default, never the program's (which runs
/// fast in the local stack); a test's fake clock makes a slow solver without waiting for it.
/// </param>
public sealed class FleetPlanner(ILpSolver solver, ILogger<FleetPlanner>? logger = null, TimeProvider? computeClock = null)
{
    private readonly ILogger log = logger ?? NullLogger<FleetPlanner>.Instance;
    private readonly TimeProvider clock = computeClock ?? TimeProvider.System;

    private const double CyclingPenaltyPerKwh = 1e-4;
    private const double SpillPenaltyPerKwh = 1e-4;
    private const double EndEnergyShortfallPenaltyPerKwh = 10;
    private const double EventShortfallPenaltyPerKwh = 1000;
    private const double RepinToleranceKw = 1e-3;
    private const double BelowRunningFloorPenaltyPerKw = 1000;

    /// <summary>An event is delivered when every interval of its window is within this of the requested reduction.</summary>
    private const double EventToleranceKw = 1e-3;
    private const int MaxRepairRounds = 30;

    /// <summary>
    /// Rounds in a row that may fail to find a better plan before the search stops: peak plans measured improving up to
    /// six rounds apart (docs/benchmarks.md, 2026-12-06), while an event's repair rounds never beat its first.
    /// </summary>
    private const int RoundsWithoutGain = 8;

    /// <param name="programBaselineKw">The program's forecast net load with no dispatch, devices' baselines included.</param>
    public FleetPlan Plan(PlanningHorizon horizon, IReadOnlyList<double> programBaselineKw, IReadOnlyList<DeviceCohort> cohorts, PlanObjective objective, TimeSpan timeLimit)
    {
        if (programBaselineKw.Count != horizon.Intervals)
        {
            throw new ArgumentException($"The baseline has {programBaselineKw.Count} intervals; the horizon {horizon.Intervals}.", nameof(programBaselineKw));
        }

        var minPower = cohorts.Select(c => (double[])c.MinPowerKw.Clone()).ToList();
        var maxPower = cohorts.Select(c => (double[])c.MaxPowerKw.Clone()).ToList();
        var eventMarginKw = new double[horizon.Intervals];
        (LpModel Model, LpSolution Solution, List<double[]> CohortPower, List<(IReadOnlyList<DevicePlan> Plans, double[] DeviationKw)> Splits)? best = null;
        // The round whose devices' plans do best: pins only ever narrow the LP, so after a few rounds each tends to
        // give up more objective than it wins back in fidelity (a peak 40 % above the best round's after 30, measured).
        (LpModel Model, LpSolution Solution, List<(IReadOnlyList<DevicePlan> Plans, double[] DeviationKw)> Splits, double Score)? kept = null;
        var round = 0;
        // Rounds that solved, the one kept (counted from 1), and whether the limit ended the search: the plan's PlanSearch.
        var solved = 0;
        var keptRound = 0;
        var gainedRound = 0;
        var stoppedAtLimit = false;
        LpStatus? searchFailed = null;
        var started = clock.GetTimestamp();
        var roundStarted = started;
        while (true)
        {
            // Repair rounds share what is left of the limit: the whole plan, not each solve, must fit in it.
            var remaining = timeLimit - clock.GetElapsedTime(started);
            // Repair rounds keep the first round's on/off decisions, so they are linear programs.
            var onOff = searchFailed is not null ? OnOff.Relaxed : best is null ? OnOff.Decide : OnOff.Keep(best.Value.Model.OnValues(best.Value.Solution.Values));
            var model = LpModel.Build(horizon, programBaselineKw, cohorts, minPower, maxPower, objective, eventMarginKw, onOff);
            // A first mixed-integer search gets half the limit, so its relaxation still has time if it finds nothing.
            var solution = Solve(model.Program, best is null && model.Program.IsMixedInteger ? remaining / 2 : remaining);
            if (solution.Status is not (LpStatus.Optimal or LpStatus.Feasible))
            {
                // A mixed-integer search that ends without a plan (CBC missing, out of time) is followed by its relaxation:
                // the lone chargers' plans are then rounded like any cohort member's.
                if (best is null && model.Program.IsMixedInteger && searchFailed is null)
                {
                    log.LogWarning("The mixed-integer search ended {Status} without a plan in {Seconds:0.0} s: lone chargers' on/off decisions are relaxed and their plans rounded", solution.Status, clock.GetElapsedTime(started).TotalSeconds);
                    searchFailed = solution.Status;
                    continue;
                }

                // A repair round that fails or runs out of time keeps the last round's plan.
                if (best is null)
                {
                    log.LogWarning("The solver found no plan (status {Status}) for {Cohorts} cohorts over {Intervals} intervals: falling back to the greedy merit-order plan", solution.Status, cohorts.Count, horizon.Intervals);
                    return Greedy(horizon, programBaselineKw, cohorts, objective, solution.Status, Search(solution.Status == LpStatus.Stopped));
                }

                stoppedAtLimit = solution.Status == LpStatus.Stopped;
                log.LogWarning("Repair round {Round} ended {Status}: the plan keeps the best of the rounds before, whose devices do not all follow their cohorts' plans", round, solution.Status);
                break;
            }

            var cohortPower = model.CohortPower(solution.Values);
            // Splitting is most of a round at scale: cohorts are split in parallel, and one whose plan the round did not
            // change keeps its split.
            var previous = best;
            var splits = cohorts.AsParallel().AsOrdered().Select((c, i) =>
                previous is { } p && p.CohortPower[i].AsSpan().SequenceEqual(cohortPower[i]) ? p.Splits[i] : Disaggregation.Split(c, cohortPower[i])).ToList();
            best = (model, solution, cohortPower, splits);
            solved++;
            var score = DevicePlansScore(horizon, programBaselineKw, cohorts, objective, cohortPower, splits);
            if (kept is null || score < kept.Value.Score - ScoreToleranceOf(kept.Value.Score))
            {
                gainedRound = solved;
            }

            if (kept is null || score <= kept.Value.Score)
            {
                kept = (model, solution, splits, score);
                keptRound = solved;
            }

            // Where members could not follow their cohort, pin the cohort to what they can do there and plan again,
            // so the rest of the fleet makes up for it; a few rounds settle it.
            var pinned = 0;
            for (var c = 0; c < cohorts.Count; c++)
            {
                for (var t = 0; t < horizon.Intervals; t++)
                {
                    var deviation = splits[c].DeviationKw[t];
                    if (Math.Abs(deviation) > RepinToleranceKw)
                    {
                        var followed = Math.Clamp(cohortPower[c][t] + deviation, cohorts[c].MinPowerKw[t], cohorts[c].MaxPowerKw[t]);
                        (minPower[c][t], maxPower[c][t]) = deviation > 0 ? (followed, Math.Max(followed, maxPower[c][t])) : (Math.Min(followed, minPower[c][t]), followed);
                        pinned++;
                    }
                }
            }

            // An event interval the members left short asks the next round for that much more there.
            if (objective is EventDeliveryObjective e)
            {
                foreach (var t in e.WindowWithin(horizon.Intervals))
                {
                    var deliveredKw = Enumerable.Range(0, cohorts.Count).Sum(c => cohorts[c].BaselinePowerKw[t] - cohortPower[c][t] - splits[c].DeviationKw[t]);
                    var shortKw = e.ReductionAt(t) - deliveredKw;
                    if (shortKw > EventToleranceKw && eventMarginKw[t] < e.ReductionAt(t))
                    {
                        eventMarginKw[t] += shortKw;
                        pinned++;
                    }
                }
            }

            // A repair round is started only if it would end within the limit with as long again to spare for checking
            // every device's plan, judging the next round by the one just done.
            var lastRound = clock.GetElapsedTime(roundStarted);
            if (log.IsEnabled(LogLevel.Debug))
            {
                log.LogDebug("Round {Round} took {Seconds:0.00} s: its devices' plans score {Score}; {Pinned} places pinned for the next", solved, lastRound.TotalSeconds, score, pinned);
            }

            roundStarted = clock.GetTimestamp();
            if (pinned == 0 || ++round >= MaxRepairRounds || solved - gainedRound >= RoundsWithoutGain)
            {
                break;
            }

            // Cut short by the limit, the plan is as good as this machine was fast: worth knowing when plans differ.
            if (clock.GetElapsedTime(started) + (2 * lastRound) > timeLimit)
            {
                log.LogWarning("The plan stopped after {Rounds} rounds at its {Limit:0} s limit, its devices off their cohorts' plans in {Pinned} places: it keeps its best round", round, timeLimit.TotalSeconds, pinned);
                stoppedAtLimit = true;
                break;
            }
        }

        var (finalModel, finalSolution, finalSplits, keptScore) = kept!.Value;
        if (objective is not EventDeliveryObjective && keptScore > ObjectiveOf(horizon, programBaselineKw, objective, [.. programBaselineKw], 0) + ScoreToleranceOf(keptScore))
        {
            // Leaving every device on its baseline is always a plan. Where the LP is nearly indifferent (a flat baseline,
            // as a young forecast's persistence gives), it can move cohorts in ways their members cannot follow, and the
            // members' plans then do worse than not dispatching at all: the devices keep their baselines instead.
            var undispatched = cohorts.AsParallel().AsOrdered().Select(c => Disaggregation.Split(c, c.BaselinePowerKw)).ToList();
            if (DevicePlansScore(horizon, programBaselineKw, cohorts, objective, [.. cohorts.Select(c => c.BaselinePowerKw)], undispatched) < keptScore - ScoreToleranceOf(keptScore))
            {
                return Finish("undispatched", finalSolution.Status, horizon, programBaselineKw, cohorts, objective, undispatched, [],
                    "members could not follow all of their cohorts' plans (see cohort plan)", Search(stoppedAtLimit));
            }
        }

        var unmet = new List<UnmetLimit>();
        for (var c = 0; c < cohorts.Count; c++)
        {
            var shortKwh = finalModel.EndShortfall[c] >= 0 ? finalSolution.Values[finalModel.EndShortfall[c]] : 0;
            if (shortKwh > 1e-6)
            {
                unmet.Add(new UnmetLimit(cohorts[c].Name, "end where it started", horizon.Intervals - 1, shortKwh, "kWh", "not enough room to restore the store within the horizon"));
            }
        }

        if (searchFailed is { } status)
        {
            unmet.Add(new UnmetLimit("program", "on/off decisions", 0, 0, "kW",
                $"the mixed-integer search ended {status} without a plan: lone chargers' on/off decisions were relaxed and their plans rounded"));
        }

        var fleetTooSmall = finalModel.EventShortfall.Any(column => finalSolution.Values[column] > EventToleranceKw + eventMarginKw.Max());
        return Finish("lp", finalSolution.Status, horizon, programBaselineKw, cohorts, objective, finalSplits, unmet,
            fleetTooSmall ? "the fleet's flexibility in the window is smaller than the requested reduction" : "members could not follow all of their cohorts' plans (see cohort plan)",
            Search(stoppedAtLimit));

        PlanSearch Search(bool atLimit) => new(solved, keptRound, atLimit, Math.Round(clock.GetElapsedTime(started).TotalSeconds, 3));
    }

    /// <summary>
    /// The objective as the members' plans achieve it (each cohort's power plus what its members could not follow),
    /// lower is better: the peak; the energy cost; for an event, its shortfall at the LP's penalty and then what the
    /// movement from baseline costs the customers.
    /// </summary>
    private static double DevicePlansScore(PlanningHorizon horizon, IReadOnlyList<double> programBaselineKw, IReadOnlyList<DeviceCohort> cohorts, PlanObjective objective,
        List<double[]> cohortPower, List<(IReadOnlyList<DevicePlan> Plans, double[] DeviationKw)> splits)
    {
        var dt = horizon.IntervalHours;
        var net = programBaselineKw.ToArray();
        var impact = 0.0;
        for (var c = 0; c < cohorts.Count; c++)
        {
            for (var t = 0; t < horizon.Intervals; t++)
            {
                var moved = cohortPower[c][t] + splits[c].DeviationKw[t] - cohorts[c].BaselinePowerKw[t];
                net[t] += moved;
                impact += CustomerImpact.PerKwh(cohorts[c].Type) * Math.Abs(moved) * dt;
            }
        }

        return ObjectiveOf(horizon, programBaselineKw, objective, net, impact);
    }

    /// <summary>Scores closer than this are the same plan for choosing between plans (solver and rounding noise).</summary>
    private static double ScoreToleranceOf(double score) => 1e-6 * Math.Max(1, Math.Abs(score));

    /// <summary>The objective of a program net load whose devices' movement from baseline costs the customers <paramref name="impact"/>.</summary>
    private static double ObjectiveOf(PlanningHorizon horizon, IReadOnlyList<double> programBaselineKw, PlanObjective objective, double[] net, double impact)
    {
        var n = horizon.Intervals;
        var dt = horizon.IntervalHours;
        return objective switch
        {
            PeakShavingObjective => net.Max(),
            EnergyCostObjective cost => Enumerable.Range(0, n).Sum(t => (double)cost.PricePerKwh[t] * net[t] * dt),
            EventDeliveryObjective e => impact + e.WindowWithin(n).Sum(t => EventShortfallPenaltyPerKwh * Math.Max(0, e.ReductionAt(t) - (programBaselineKw[t] - net[t])) * dt),
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "unknown objective"),
        };
    }

    private LpSolution Solve(LinearProgram program, TimeSpan timeLimit)
    {
        try
        {
            return solver.Solve(program, timeLimit);
        }
        catch (DllNotFoundException missing)
        {
            log.LogError(missing, "The LP solver's native library could not be loaded");
            return new LpSolution(LpStatus.Failed, double.NaN, [], TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Merit order without a solver. Peak and event: lower the highest intervals (or the event window) with every
    /// cohort's room below its baseline, in proportion to that room. Cost: keep the baseline, which is always feasible.
    /// </summary>
    private static FleetPlan Greedy(PlanningHorizon horizon, IReadOnlyList<double> programBaselineKw, IReadOnlyList<DeviceCohort> cohorts, PlanObjective objective, LpStatus status, PlanSearch search)
    {
        var n = horizon.Intervals;
        var room = Enumerable.Range(0, n).Select(t => cohorts.Sum(c => Math.Max(0, c.BaselinePowerKw[t] - c.MinPowerKw[t]))).ToArray();
        var reduction = new double[n];
        switch (objective)
        {
            case PeakShavingObjective:
                var energy = cohorts.Where(c => c.CanExport).Sum(c => (c.InitialEnergyKwh - c.LowerKwh[0]) * c.DischargeEfficiency);
                double Needed(double level) => Enumerable.Range(0, n).Sum(t => Math.Min(room[t], Math.Max(0, programBaselineKw[t] - level))) * horizon.IntervalHours;
                double low = programBaselineKw.Min(), high = programBaselineKw.Max();
                for (var i = 0; i < 60; i++)
                {
                    var mid = (low + high) / 2;
                    (low, high) = Needed(mid) <= energy ? (low, mid) : (mid, high);
                }

                for (var t = 0; t < n; t++)
                {
                    reduction[t] = Math.Min(room[t], Math.Max(0, programBaselineKw[t] - high));
                }

                break;
            case EventDeliveryObjective e:
                foreach (var t in e.WindowWithin(n))
                {
                    reduction[t] = Math.Min(room[t], e.ReductionAt(t));
                }

                break;
        }

        var cohortPower = cohorts.Select(c => Enumerable.Range(0, n).Select(t =>
            c.BaselinePowerKw[t] - (room[t] > 0 ? reduction[t] * Math.Max(0, c.BaselinePowerKw[t] - c.MinPowerKw[t]) / room[t] : 0)).ToArray()).ToList();
        return Finish("greedy-fallback", status, horizon, programBaselineKw, cohorts, objective, cohorts.Select((c, i) => Disaggregation.Split(c, cohortPower[i])).ToList(),
            [new UnmetLimit("program", "optimal plan", 0, 0, "kW", $"solver status {status}: greedy merit-order plan, stores are not restored within the horizon")],
            "the greedy plan lowers the window only by the room below each cohort's baseline", search);
    }

    /// <summary>
    /// The devices' plans and the program's planned net load, with every limit they miss: an event's reduction is
    /// checked on what the devices will do, not on what the LP promised, so a shortfall from members that could not
    /// follow their cohort is reported too (<paramref name="eventShortfallReason"/> says why there is one).
    /// </summary>
    private static FleetPlan Finish(string method, LpStatus status, PlanningHorizon horizon, IReadOnlyList<double> programBaselineKw, IReadOnlyList<DeviceCohort> cohorts,
        PlanObjective objective, List<(IReadOnlyList<DevicePlan> Plans, double[] DeviationKw)> splits, List<UnmetLimit> unmet, string eventShortfallReason, PlanSearch search)
    {
        var plans = new List<DevicePlan>();
        var net = programBaselineKw.ToArray();
        var infeasible = 0;
        for (var c = 0; c < cohorts.Count; c++)
        {
            var cohort = cohorts[c];
            var (devicePlans, deviation) = splits[c];
            var missedKwh = deviation.Sum(Math.Abs) * horizon.IntervalHours;
            if (missedKwh > 1e-6)
            {
                unmet.Add(new UnmetLimit(cohort.Name, "cohort plan", Array.FindIndex(deviation, d => Math.Abs(d) > 1e-9), missedKwh, "kWh",
                    "members' individual states differ from the cohort's, so they could not follow all of it"));
            }

            for (var i = 0; i < devicePlans.Count; i++)
            {
                var member = cohort.Members[i];
                unmet.AddRange(member.Conflicts);
                if (PlanFeasibility.Violations(member, devicePlans[i]).Count > 0)
                {
                    infeasible++;
                }

                for (var t = 0; t < net.Length; t++)
                {
                    net[t] += devicePlans[i].PowerKw[t] - member.Device.BaselinePowerKw[t];
                }
            }

            plans.AddRange(devicePlans);
        }

        if (objective is EventDeliveryObjective e)
        {
            var window = e.WindowWithin(net.Length).ToList();
            var shortKw = window.Select(t => e.ReductionAt(t) - (programBaselineKw[t] - net[t])).ToList();
            if (shortKw.Any(k => k > EventToleranceKw))
            {
                unmet.Add(new UnmetLimit("program", "event reduction", window[shortKw.FindIndex(k => k > EventToleranceKw)], shortKw.Max(), "kW", eventShortfallReason));
            }
        }

        var pricing = objective as EnergyCostObjective;
        return new FleetPlan(objective.Name, method, status, programBaselineKw.ToArray(), net, pricing?.CostOf(programBaselineKw, horizon.IntervalHours), pricing?.CostOf(net, horizon.IntervalHours),
            plans, unmet, infeasible, cohorts.Count, search);
    }

    /// <summary>How a round treats lone devices' on/off columns: decided by the search, kept from an earlier round, or relaxed.</summary>
    private sealed record OnOff(double[,]? Decided, bool IsRelaxed)
    {
        public static readonly OnOff Decide = new(null, false);

        public static readonly OnOff Relaxed = new(null, true);

        public static OnOff Keep(double[,] decided) => new(decided, false);
    }

    /// <summary>The LP's columns for one plan; see <see cref="Build"/> for the formulation.</summary>
    private sealed class LpModel
    {
        private LpModel(LinearProgram program, int[,] charge, int[,] discharge, int[,] on, int[] endShortfall, int[] eventShortfall)
        {
            Program = program;
            On = on;
            Charge = charge;
            Discharge = discharge;
            EndShortfall = endShortfall;
            EventShortfall = eventShortfall;
        }

        public LinearProgram Program { get; }

        public int[,] Charge { get; }

        /// <summary>−1 where the cohort cannot export.</summary>
        public int[,] Discharge { get; }

        /// <summary>−1 where the cohort need not end where it started.</summary>
        public int[] EndShortfall { get; }

        public int[] EventShortfall { get; }

        /// <summary>The on/off column of a lone device with a minimum running power; −1 elsewhere.</summary>
        private int[,] On { get; }

        /// <summary>The on/off decisions of a solution, NaN where there is none.</summary>
        public double[,] OnValues(IReadOnlyList<double> x)
        {
            var values = new double[On.GetLength(0), On.GetLength(1)];
            for (var c = 0; c < On.GetLength(0); c++)
            {
                for (var t = 0; t < On.GetLength(1); t++)
                {
                    values[c, t] = On[c, t] >= 0 ? Math.Round(x[On[c, t]]) : double.NaN;
                }
            }

            return values;
        }

        public List<double[]> CohortPower(IReadOnlyList<double> x)
        {
            var cohorts = Charge.GetLength(0);
            var n = Charge.GetLength(1);
            return Enumerable.Range(0, cohorts).Select(c => Enumerable.Range(0, n).Select(t => x[Charge[c, t]] - (Discharge[c, t] >= 0 ? x[Discharge[c, t]] : 0)).ToArray()).ToList();
        }

        /// <summary>
        /// Per cohort and interval: power (split into charge and discharge where the cohort can export, so losses are
        /// exact), and stored energy within the summed envelopes, linked by E[t] = E[t−1] + ηc·charge·Δt − discharge/ηd·Δt − drain·Δt.
        /// The program's net load is its baseline plus each cohort's difference from its own baseline.
        /// </summary>
        public static LpModel Build(PlanningHorizon horizon, IReadOnlyList<double> programBaselineKw, IReadOnlyList<DeviceCohort> cohorts,
            List<double[]> minPower, List<double[]> maxPower, PlanObjective objective, double[] eventMarginKw, OnOff onOff)
        {
            var lp = new LinearProgram();
            var n = horizon.Intervals;
            var dt = horizon.IntervalHours;
            var charge = new int[cohorts.Count, n];
            var discharge = new int[cohorts.Count, n];
            var on = new int[cohorts.Count, n];
            var endShortfall = new int[cohorts.Count];
            var prices = (objective as EnergyCostObjective)?.PricePerKwh;
            var eventObjective = objective as EventDeliveryObjective;
            for (var c = 0; c < cohorts.Count; c++)
            {
                var cohort = cohorts[c];
                var impact = eventObjective is null ? 0 : CustomerImpact.PerKwh(cohort.Type) * dt;
                var previous = -1;
                for (var t = 0; t < n; t++)
                {
                    var price = prices is null ? 0 : (double)prices[t] * dt;
                    var cycling = cohort.CanExport ? CyclingPenaltyPerKwh * dt : 0;
                    var (low, high) = (minPower[c][t], maxPower[c][t]);
                    if (cohort.CanExport)
                    {
                        charge[c, t] = lp.AddColumn(Math.Max(0, low), Math.Max(0, high), price + cycling, $"charge[{c},{t}]");
                        discharge[c, t] = lp.AddColumn(Math.Max(0, -high), Math.Max(0, -low), -price + cycling, $"discharge[{c},{t}]");
                    }
                    else
                    {
                        charge[c, t] = lp.AddColumn(low, high, price, $"power[{c},{t}]");
                        discharge[c, t] = -1;
                    }

                    on[c, t] = cohort.MinRunningPowerKw > 0 && !cohort.CanExport && high > 0
                        ? AddRunningFloor(lp, charge[c, t], Math.Min(cohort.MinRunningPowerKw, high), high, onOff, c, t)
                        : -1;

                    var energy = lp.AddColumn(Math.Min(cohort.LowerKwh[t], cohort.UpperKwh[t]), cohort.UpperKwh[t], 0, $"energy[{c},{t}]");
                    var terms = new List<(int, double)> { (energy, 1), (charge[c, t], -cohort.ChargeEfficiency * dt) };
                    if (discharge[c, t] >= 0)
                    {
                        terms.Add((discharge[c, t], dt / cohort.DischargeEfficiency));
                    }

                    if (previous >= 0)
                    {
                        terms.Add((previous, -1));
                    }

                    if (cohort.DrainKw[t] < 0)
                    {
                        // A passive gain fills the store only to its ceiling; the rest spills. Spilling costs a little,
                        // so the plan takes what the store can hold, as the house does.
                        terms.Add((lp.AddColumn(0, -cohort.DrainKw[t] * dt, SpillPenaltyPerKwh, $"spill[{c},{t}]"), 1));
                    }

                    var rhs = (t == 0 ? cohort.InitialEnergyKwh : 0) - (cohort.DrainKw[t] * dt);
                    lp.AddRow(rhs, rhs, terms, $"balance[{c},{t}]");
                    previous = energy;
                    if (impact > 0)
                    {
                        // |power − baseline| through two deviation columns, weighted by what it costs the customer.
                        var over = lp.AddColumn(0, double.PositiveInfinity, impact, $"over[{c},{t}]");
                        var under = lp.AddColumn(0, double.PositiveInfinity, impact, $"under[{c},{t}]");
                        var deviation = PowerTerms(charge[c, t], discharge[c, t], 1);
                        deviation.Add((over, -1));
                        deviation.Add((under, 1));
                        lp.AddRow(cohort.BaselinePowerKw[t], cohort.BaselinePowerKw[t], deviation, $"deviation[{c},{t}]");
                    }
                }

                endShortfall[c] = -1;
                // An event's plan leaves stores where the event leaves them: refilling them inside the window would
                // take from its delivery, and what they take back afterwards is the release schedule's (ReleaseSchedule).
                if (cohort.ReturnsToStart && objective is not EventDeliveryObjective)
                {
                    endShortfall[c] = lp.AddColumn(0, double.PositiveInfinity, EndEnergyShortfallPenaltyPerKwh, $"endShortfall[{c}]");
                    // No emptier than it started, or than it would end undispatched (a tank hotter than its setpoint cools to it).
                    var endFloorKwh = Math.Min(Math.Min(cohort.InitialEnergyKwh, cohort.UndispatchedEndKwh), cohort.UpperKwh[n - 1]);
                    lp.AddRow(endFloorKwh, double.PositiveInfinity, [(previous, 1), (endShortfall[c], 1)], $"end[{c}]");
                }
            }

            var cohortBaseline = Enumerable.Range(0, n).Select(t => cohorts.Sum(c => c.BaselinePowerKw[t])).ToArray();
            var eventShortfall = new List<int>();
            switch (objective)
            {
                case PeakShavingObjective:
                    var peak = lp.AddColumn(double.NegativeInfinity, double.PositiveInfinity, 1, "peak");
                    for (var t = 0; t < n; t++)
                    {
                        var terms = AllPower(cohorts.Count, charge, discharge, t, 1);
                        terms.Add((peak, -1));
                        lp.AddRow(double.NegativeInfinity, cohortBaseline[t] - programBaselineKw[t], terms, $"peak[{t}]");
                    }

                    break;
                case EventDeliveryObjective e:
                    foreach (var t in e.WindowWithin(n))
                    {
                        var shortfall = lp.AddColumn(0, double.PositiveInfinity, EventShortfallPenaltyPerKwh * dt, $"eventShortfall[{t}]");
                        eventShortfall.Add(shortfall);
                        var terms = AllPower(cohorts.Count, charge, discharge, t, -1);
                        terms.Add((shortfall, 1));
                        lp.AddRow(e.ReductionAt(t) + eventMarginKw[t] - cohortBaseline[t], double.PositiveInfinity, terms, $"event[{t}]");
                    }

                    break;
            }

            return new LpModel(lp, charge, discharge, on, endShortfall, [.. eventShortfall]);
        }

        /// <summary>
        /// A lone device that runs at a minimum: on/off per interval, power = 0 when off and within [floor, high] when on.
        /// Falling short of the floor is allowed at a penalty, since a device topping itself up (a full car stops)
        /// legitimately draws less; the device's plan is checked for it afterwards.
        /// </summary>
        private static int AddRunningFloor(LinearProgram lp, int power, double floorKw, double highKw, OnOff onOff, int c, int t)
        {
            var name = $"[{c},{t}]";
            var on = onOff switch
            {
                { Decided: { } decided } when !double.IsNaN(decided[c, t]) => lp.AddColumn(decided[c, t], decided[c, t], 0, $"on{name}"),
                { IsRelaxed: true } => lp.AddColumn(0, 1, 0, $"on{name}"),
                _ => lp.AddIntegerColumn(0, 1, 0, $"on{name}"),
            };
            var below = lp.AddColumn(0, floorKw, BelowRunningFloorPenaltyPerKw, $"belowRunningFloor{name}");
            lp.AddRow(double.NegativeInfinity, 0, [(power, 1), (on, -highKw)], $"offMeansZero{name}");
            lp.AddRow(0, double.PositiveInfinity, [(power, 1), (on, -floorKw), (below, 1)], $"runningFloor{name}");
            return on;
        }

        private static List<(int, double)> PowerTerms(int charge, int discharge, double sign)
        {
            var terms = new List<(int, double)> { (charge, sign) };
            if (discharge >= 0)
            {
                terms.Add((discharge, -sign));
            }

            return terms;
        }

        private static List<(int, double)> AllPower(int cohorts, int[,] charge, int[,] discharge, int t, double sign)
        {
            var terms = new List<(int, double)>(2 * cohorts);
            for (var c = 0; c < cohorts; c++)
            {
                terms.AddRange(PowerTerms(charge[c, t], discharge[c, t], sign));
            }

            return terms;
        }
    }
}
