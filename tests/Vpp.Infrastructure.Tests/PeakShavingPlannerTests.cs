using Vpp.Application.Optimization;
using Vpp.Domain.Optimization;
using Vpp.Infrastructure.Optimization;

namespace Vpp.Infrastructure.Tests;

public sealed class PeakShavingPlannerTests
{
    private const double Quarter = 0.25;

    /// <summary>A program's net load over a day in 96 quarter hours: night trough, evening peak around 19:00.</summary>
    private static double[] Baseline(double scaleKw) =>
        Enumerable.Range(0, 96).Select(t => scaleKw * (0.5 + (0.9 * Math.Exp(-Math.Pow(((t / 4.0) - 19) / 2.0, 2))) + (0.3 * Math.Exp(-Math.Pow(((t / 4.0) - 8) / 1.5, 2))))).ToArray();

    private static List<BatteryState> Fleet(int count, int seed, bool atReserve = false)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var capacity = new[] { 10.0, 13.5, 16 }[random.Next(3)];
            var reserve = capacity * 0.2;
            var energy = atReserve ? reserve : reserve + (random.NextDouble() * (capacity - reserve));
            var kw = new[] { 3.8, 5.0, 7.6 }[random.Next(3)];
            var eta = random.Next(2) == 0 ? Math.Sqrt(0.9) : Math.Sqrt(0.85);
            return new BatteryState($"bat-{i}", energy, reserve, capacity, kw, kw, eta);
        }).ToList();
    }

    [Fact]
    public void The_lp_lowers_the_peak_and_every_device_plan_is_feasible_for_that_device()
    {
        var batteries = Fleet(60, 1);
        var baseline = Baseline(300);

        var plan = new PeakShavingPlanner(new ClpLpSolver()).Plan(baseline, BatteryCohort.Group(batteries), Quarter, TimeSpan.FromSeconds(10));

        Assert.Equal("lp", plan.Method);
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw - 50, $"peak {plan.BaselinePeakKw:0} -> {plan.PlannedPeakKw:0} kW");
        Assert.Equal(0, plan.InfeasibleDevices);
        foreach (var battery in batteries)
        {
            Assert.Empty(PlanFeasibility.Violations(battery, plan.DevicePlans.Single(p => p.DeviceId == battery.DeviceId), Quarter));
        }

        var endEnergy = plan.DevicePlans.Sum(p => p.EnergyKwh[^1]);
        Assert.True(endEnergy >= batteries.Sum(b => b.EnergyKwh) - 1, $"the fleet recharges by the end of the day: {endEnergy:0.0} of {batteries.Sum(b => b.EnergyKwh):0.0} kWh; {string.Join("; ", plan.UnmetLimits)}");
    }

    [Fact]
    public void Batteries_at_their_backup_reserve_are_never_discharged()
    {
        var batteries = Fleet(20, 2, atReserve: true);

        var plan = new PeakShavingPlanner(new ClpLpSolver()).Plan(Baseline(100), BatteryCohort.Group(batteries), Quarter, TimeSpan.FromSeconds(10));

        Assert.Equal(0, plan.InfeasibleDevices);
        foreach (var battery in batteries)
        {
            var energies = plan.DevicePlans.Single(p => p.DeviceId == battery.DeviceId).EnergyKwh;
            Assert.All(energies, e => Assert.True(e >= battery.MinEnergyKwh - 1e-6, $"{battery.DeviceId} fell to {e} below {battery.MinEnergyKwh}"));
        }
    }

    [Fact]
    public void When_the_solver_fails_a_feasible_greedy_plan_is_returned_and_marked()
    {
        var batteries = Fleet(30, 3);

        var plan = new PeakShavingPlanner(new FailingSolver()).Plan(Baseline(150), BatteryCohort.Group(batteries), Quarter, TimeSpan.FromSeconds(1));

        Assert.Equal("greedy-fallback", plan.Method);
        Assert.Equal(LpStatus.Failed, plan.SolverStatus);
        Assert.Equal(0, plan.InfeasibleDevices);
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw);
        Assert.Contains(plan.UnmetLimits, u => u.Contains("greedy", StringComparison.Ordinal));
    }

    [Fact]
    public void An_infeasible_device_plan_is_caught_by_the_independent_check()
    {
        var battery = new BatteryState("b", 5, 2, 10, 5, 5, 1);
        var overdrawn = new DevicePlan("b", [-5, -5], [3.75, 2.5]);

        var violations = PlanFeasibility.Violations(battery, overdrawn, 1);

        Assert.Contains(violations, v => v.Contains("backup reserve", StringComparison.Ordinal));
    }

    private sealed class FailingSolver : ILpSolver
    {
        public LpSolution Solve(LinearProgram program, TimeSpan timeLimit) => new(LpStatus.Failed, double.NaN, [], TimeSpan.Zero);
    }
}
