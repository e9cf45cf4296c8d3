using System.Diagnostics;
using Vpp.Application.Optimization;
using Vpp.Domain.Optimization;
using Vpp.Domain.Tests.Optimization;
using Vpp.Infrastructure.Optimization;

namespace Vpp.Benchmarks;

/// <summary>
/// Peak shaving over 96 quarter hours for a mixed fleet (batteries, EV chargers, water heaters, thermostats):
/// envelopes and cohorts, one CLP solve, disaggregation and an independent feasibility check of every device plan.
/// Exits non-zero if any device plan is infeasible.
/// </summary>
public static class OptimizeBenchmark
{
    public static int Run(int devices, int seed)
    {
        var (fleet, baseline) = new MixedFleetBuilder(seed).Build(devices);
        var horizon = MixedFleetBuilder.Day;
        var watch = Stopwatch.StartNew();
        var cohorts = DeviceCohort.Group(fleet, horizon.IntervalHours);
        var cohortSeconds = watch.Elapsed.TotalSeconds;
        // The target is 10 s for the whole plan: the planner gets what building the cohorts left of it.
        var solver = new TimedSolver(new OrToolsSolver());
        var plan = new FleetPlanner(solver).Plan(horizon, baseline, cohorts, new PeakShavingObjective(), TimeSpan.FromSeconds(10) - watch.Elapsed);
        watch.Stop();
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT devices={devices} intervals={horizon.Intervals} seconds={watch.Elapsed.TotalSeconds:0.000} cohort_seconds={cohortSeconds:0.000} solves={solver.Solves} rounds={plan.Search.Rounds} kept_round={plan.Search.KeptRound} stopped_at_limit={plan.Search.StoppedAtLimit} solve_seconds={solver.Elapsed.TotalSeconds:0.000} infeasible_devices={plan.InfeasibleDevices} peak_reduction_kw={plan.BaselinePeakKw - plan.PlannedPeakKw:0.0} baseline_peak_kw={plan.BaselinePeakKw:0.0} cohorts={plan.Cohorts} method={plan.Method} solver={plan.SolverStatus} unmet={plan.UnmetLimits.Count}"));
        foreach (var worst in plan.UnmetLimits.OrderByDescending(u => u.ShortBy).Take(5))
        {
            Console.WriteLine(worst);
        }

        foreach (var group in plan.UnmetLimits.GroupBy(u => u.Limit))
        {
            Console.WriteLine(FormattableString.Invariant($"unmet {group.Key}: {group.Count()} (largest {group.Max(u => u.ShortBy):0.###} {group.First().Unit}; {group.First().Reason})"));
        }

        return plan.InfeasibleDevices == 0 && plan.Method == "lp" ? 0 : 1;
    }

    /// <summary>The price of aggregation: the cohort plan's peak against the exact device-level LP (every device its own cohort).</summary>
    /// <param name="mixedIntegerEngine">The OR-Tools engine for the exact plan's on/off decisions (CBC in production).</param>
    public static int RunGap(int devices, int seed, string mixedIntegerEngine)
    {
        var (fleet, baseline) = new MixedFleetBuilder(seed).Build(devices);
        var horizon = MixedFleetBuilder.Day;
        var planner = new FleetPlanner(new OrToolsSolver(mixedIntegerEngine: mixedIntegerEngine));
        var watch = Stopwatch.StartNew();
        var exact = planner.Plan(horizon, baseline, DeviceCohort.Individually(fleet, horizon.IntervalHours), new PeakShavingObjective(), TimeSpan.FromMinutes(20));
        var exactSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var aggregated = planner.Plan(horizon, baseline, DeviceCohort.Group(fleet, horizon.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(60));
        var aggregatedSeconds = watch.Elapsed.TotalSeconds;
        // Objective: the planned peak (kW) the devices' own plans reach; the gap is how much higher the aggregated one is.
        var gapPct = (aggregated.PlannedPeakKw - exact.PlannedPeakKw) / exact.PlannedPeakKw * 100;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT devices={devices} gap_pct={gapPct:0.000} exact_seconds={exactSeconds:0.00} aggregated_seconds={aggregatedSeconds:0.000} exact_peak_kw={exact.PlannedPeakKw:0.0} aggregated_peak_kw={aggregated.PlannedPeakKw:0.0} baseline_peak_kw={exact.BaselinePeakKw:0.0} cohorts={aggregated.Cohorts} mip_engine={mixedIntegerEngine} infeasible_devices={exact.InfeasibleDevices + aggregated.InfeasibleDevices}"));
        foreach (var unmet in aggregated.UnmetLimits.Where(u => u.Limit == "cohort plan").Take(10))
        {
            Console.WriteLine(unmet);
        }

        return exact.Method == "lp" && exact.InfeasibleDevices + aggregated.InfeasibleDevices == 0 ? 0 : 1;
    }
}
