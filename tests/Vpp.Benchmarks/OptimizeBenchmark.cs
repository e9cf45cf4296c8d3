using System.Diagnostics;
using Vpp.Application.Optimization;
using Vpp.Domain.Optimization;
using Vpp.Infrastructure.Optimization;

namespace Vpp.Benchmarks;

/// <summary>
/// Peak shaving over 96 quarter hours for a fleet of home batteries (the other device types are not modelled by the
/// planner yet): cohorts, one CLP solve, disaggregation and an independent feasibility check of every device plan.
/// Exits non-zero if any device plan is infeasible.
/// </summary>
public static class OptimizeBenchmark
{
    public static int Run(int devices, int seed)
    {
        var (batteries, baseline) = Instance(devices, seed);
        var watch = Stopwatch.StartNew();
        var plan = new PeakShavingPlanner(new ClpLpSolver()).Plan(baseline, BatteryCohort.Group(batteries), 0.25, TimeSpan.FromSeconds(10));
        watch.Stop();
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT devices={devices} intervals=96 seconds={watch.Elapsed.TotalSeconds:0.000} infeasible_devices={plan.InfeasibleDevices} peak_reduction_kw={plan.BaselinePeakKw - plan.PlannedPeakKw:0.0} device_types=battery method={plan.Method} unmet={plan.UnmetLimits.Count}"));
        return plan.InfeasibleDevices == 0 ? 0 : 1;
    }

    /// <summary>The price of aggregation: the cohort plan's peak against the exact device-level LP (every battery its own cohort).</summary>
    public static int RunGap(int devices, int seed)
    {
        var (batteries, baseline) = Instance(devices, seed);
        var planner = new PeakShavingPlanner(new ClpLpSolver());
        var watch = Stopwatch.StartNew();
        var exact = planner.Plan(baseline, batteries.Select(b => new BatteryCohort([b])).ToList(), 0.25, TimeSpan.FromMinutes(10));
        var exactSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var aggregated = planner.Plan(baseline, BatteryCohort.Group(batteries), 0.25, TimeSpan.FromSeconds(10));
        var aggregatedSeconds = watch.Elapsed.TotalSeconds;
        // Objective: the planned peak (kW); the gap is how much higher the aggregated peak is, in percent.
        var gapPct = (aggregated.PlannedPeakKw - exact.PlannedPeakKw) / exact.PlannedPeakKw * 100;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT devices={devices} gap_pct={gapPct:0.000} exact_seconds={exactSeconds:0.00} aggregated_seconds={aggregatedSeconds:0.000} exact_peak_kw={exact.PlannedPeakKw:0.0} aggregated_peak_kw={aggregated.PlannedPeakKw:0.0} infeasible_devices={exact.InfeasibleDevices + aggregated.InfeasibleDevices} device_types=battery"));
        return exact.Method == "lp" && exact.InfeasibleDevices + aggregated.InfeasibleDevices == 0 ? 0 : 1;
    }

    private static (List<BatteryState> Batteries, double[] BaselineKw) Instance(int devices, int seed)
    {
        var random = new Random(seed);
        var batteries = Enumerable.Range(0, devices).Select(i =>
        {
            var capacity = new[] { 10.0, 13.5, 16 }[random.Next(3)];
            var reserve = capacity * new[] { 0.1, 0.2, 0.3 }[random.Next(3)];
            var kw = new[] { 3.8, 5.0, 7.6 }[random.Next(3)];
            return new BatteryState($"bat-{i}", reserve + (random.NextDouble() * (capacity - reserve)), reserve, capacity, kw, kw, Math.Sqrt(random.Next(2) == 0 ? 0.9 : 0.85));
        }).ToList();
        var homeKw = devices * 1.2;
        var baseline = Enumerable.Range(0, 96).Select(t => homeKw * (0.5 + (0.9 * Math.Exp(-Math.Pow(((t / 4.0) - 19) / 2.0, 2))) + (0.3 * Math.Exp(-Math.Pow(((t / 4.0) - 8) / 1.5, 2))))).ToArray();
        return (batteries, baseline);
    }
}
