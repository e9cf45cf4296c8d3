using Vpp.Domain.Optimization;

namespace Vpp.Application.Optimization;

/// <summary>
/// Shaves a program's net load peak with its batteries. Cohorts are planned as virtual batteries in one LP, then each
/// cohort's plan is split among its members and every member's plan is checked against that member's own limits.
/// Getting back to the starting energy by the end of the horizon is a soft constraint with an explicit penalty; if it
/// cannot be met the plan says by how much. If the solver is missing, fails or runs out of time, a greedy merit-order
/// plan (discharge into the highest intervals, as far as energy and power allow) is returned instead, marked as such.
/// </summary>
public sealed class PeakShavingPlanner(ILpSolver solver)
{
    private const double CyclingPenaltyPerKwh = 1e-4;
    private const double EndEnergyShortfallPenaltyPerKwh = 10;

    public PeakShavingPlan Plan(IReadOnlyList<double> baselineKw, IReadOnlyList<BatteryCohort> cohorts, double intervalHours, TimeSpan timeLimit)
    {
        var (program, charge, discharge, endShortfall) = Build(baselineKw, cohorts, intervalHours);
        LpSolution solution;
        try
        {
            solution = solver.Solve(program, timeLimit);
        }
        catch (DllNotFoundException)
        {
            solution = new LpSolution(LpStatus.Failed, double.NaN, [], TimeSpan.Zero);
        }

        if (solution.Status != LpStatus.Optimal)
        {
            return Greedy(baselineKw, cohorts, intervalHours, solution.Status);
        }

        var cohortPower = cohorts.Select((_, c) => baselineKw.Select((_, t) => solution.Values[charge[c, t]] - solution.Values[discharge[c, t]]).ToArray()).ToList();
        var unmet = new List<string>();
        for (var c = 0; c < cohorts.Count; c++)
        {
            if (solution.Values[endShortfall[c]] > 1e-6)
            {
                unmet.Add($"cohort {c}: ends {solution.Values[endShortfall[c]]:0.##} kWh below its starting energy (not enough charging headroom in the horizon)");
            }
        }

        return Finish("lp", solution.Status, baselineKw, cohorts, cohortPower, intervalHours, unmet);
    }

    private static (LinearProgram Program, int[,] Charge, int[,] Discharge, int[] EndShortfall) Build(IReadOnlyList<double> baselineKw, IReadOnlyList<BatteryCohort> cohorts, double intervalHours)
    {
        var lp = new LinearProgram();
        var intervals = baselineKw.Count;
        var peak = lp.AddColumn(double.NegativeInfinity, double.PositiveInfinity, 1, "peak");
        var charge = new int[cohorts.Count, intervals];
        var discharge = new int[cohorts.Count, intervals];
        var energy = new int[cohorts.Count, intervals];
        var endShortfall = new int[cohorts.Count];
        for (var c = 0; c < cohorts.Count; c++)
        {
            var cohort = cohorts[c];
            for (var t = 0; t < intervals; t++)
            {
                charge[c, t] = lp.AddColumn(0, cohort.MaxChargeKw, CyclingPenaltyPerKwh * intervalHours, $"charge[{c},{t}]");
                discharge[c, t] = lp.AddColumn(0, cohort.MaxDischargeKw, CyclingPenaltyPerKwh * intervalHours, $"discharge[{c},{t}]");
                energy[c, t] = lp.AddColumn(cohort.MinEnergyKwh, cohort.MaxEnergyKwh, 0, $"energy[{c},{t}]");
                var eta = cohort.OneWayEfficiency;
                var terms = new List<(int, double)> { (energy[c, t], 1), (charge[c, t], -eta * intervalHours), (discharge[c, t], intervalHours / eta) };
                if (t > 0)
                {
                    terms.Add((energy[c, t - 1], -1));
                }

                var start = t == 0 ? cohort.EnergyKwh : 0;
                lp.AddRow(start, start, terms, $"balance[{c},{t}]");
            }

            endShortfall[c] = lp.AddColumn(0, double.PositiveInfinity, EndEnergyShortfallPenaltyPerKwh, $"endShortfall[{c}]");
            lp.AddRow(cohort.EnergyKwh, double.PositiveInfinity, [(energy[c, intervals - 1], 1), (endShortfall[c], 1)], $"end[{c}]");
        }

        for (var t = 0; t < intervals; t++)
        {
            var terms = new List<(int, double)> { (peak, -1) };
            for (var c = 0; c < cohorts.Count; c++)
            {
                terms.Add((charge[c, t], 1));
                terms.Add((discharge[c, t], -1));
            }

            lp.AddRow(double.NegativeInfinity, -baselineKw[t], terms, $"peak[{t}]");
        }

        return (lp, charge, discharge, endShortfall);
    }

    /// <summary>Merit order: find the lowest level the cohorts' energy and power can hold the peak to, and discharge down to it.</summary>
    private static PeakShavingPlan Greedy(IReadOnlyList<double> baselineKw, IReadOnlyList<BatteryCohort> cohorts, double intervalHours, LpStatus status)
    {
        var energy = cohorts.Sum(c => (c.EnergyKwh - c.MinEnergyKwh) * c.OneWayEfficiency);
        var power = cohorts.Sum(c => c.MaxDischargeKw);
        double Needed(double level) => baselineKw.Sum(b => Math.Min(power, Math.Max(0, b - level))) * intervalHours;
        double low = baselineKw.Min(), high = baselineKw.Max();
        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            (low, high) = Needed(mid) <= energy ? (low, mid) : (mid, high);
        }

        var totalDischarge = cohorts.Sum(c => c.MaxDischargeKw);
        var cohortPower = cohorts.Select(c => baselineKw.Select(b => -Math.Min(power, Math.Max(0, b - high)) * (totalDischarge > 0 ? c.MaxDischargeKw / totalDischarge : 0)).ToArray()).ToList();
        return Finish("greedy-fallback", status, baselineKw, cohorts, cohortPower, intervalHours,
            [$"solver status {status}: greedy merit-order plan; batteries are not recharged within the horizon"]);
    }

    private static PeakShavingPlan Finish(string method, LpStatus status, IReadOnlyList<double> baselineKw, IReadOnlyList<BatteryCohort> cohorts,
        List<double[]> cohortPower, double intervalHours, List<string> unmet)
    {
        var plans = new List<DevicePlan>();
        var net = baselineKw.ToArray();
        var infeasible = 0;
        for (var c = 0; c < cohorts.Count; c++)
        {
            var (devicePlans, shortfall) = Disaggregation.Split(cohorts[c], cohortPower[c], intervalHours);
            var missed = shortfall.Sum() * intervalHours;
            if (missed > 1e-6)
            {
                unmet.Add($"cohort {c}: members could deliver all but {missed:0.###} kWh of the cohort plan (their individual states of charge differ)");
            }

            for (var i = 0; i < devicePlans.Count; i++)
            {
                if (PlanFeasibility.Violations(cohorts[c].Members[i], devicePlans[i], intervalHours).Count > 0)
                {
                    infeasible++;
                }

                for (var t = 0; t < net.Length; t++)
                {
                    net[t] += devicePlans[i].PowerKw[t];
                }
            }

            plans.AddRange(devicePlans);
        }

        return new PeakShavingPlan(method, status, baselineKw.Max(), net.Max(), plans, unmet, infeasible);
    }
}
