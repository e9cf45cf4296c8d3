using Vpp.Application.Optimization;
using Vpp.Infrastructure.Optimization;

namespace Vpp.Infrastructure.Tests;

public sealed class OrToolsSolverTests
{
    private readonly OrToolsSolver solver = new();

    [Fact]
    public void A_small_lp_has_the_hand_computed_optimum()
    {
        var solution = solver.Solve(SmallLp(out var x, out var y), TimeSpan.FromSeconds(5));

        Assert.Equal(LpStatus.Optimal, solution.Status);
        Assert.Equal(-11, solution.Objective, 9);
        Assert.Equal(3, solution.Values[x], 9);
        Assert.Equal(1, solution.Values[y], 9);
    }

    [Theory]
    [InlineData(OrToolsSolver.Clp)]
    [InlineData(OrToolsSolver.Highs)]
    public void Infeasible_and_unbounded_programs_are_reported_as_such(string engine)
    {
        var infeasible = new LinearProgram();
        var a = infeasible.AddColumn(0, 1, 1);
        infeasible.AddRow(2, double.PositiveInfinity, [(a, 1)]);
        var unbounded = new LinearProgram();
        var b = unbounded.AddColumn(0, double.PositiveInfinity, -1);
        unbounded.AddRow(1, double.PositiveInfinity, [(b, 1)]);
        var lp = new OrToolsSolver(linearEngine: engine);

        var none = lp.Solve(infeasible, TimeSpan.FromSeconds(5));
        Assert.Equal(LpStatus.Infeasible, none.Status);
        Assert.True(double.IsNaN(none.Objective));
        Assert.Equal(LpStatus.Unbounded, lp.Solve(unbounded, TimeSpan.FromSeconds(5)).Status);
    }

    [Fact]
    public void Bad_models_are_refused_before_reaching_the_solver()
    {
        var lp = new LinearProgram();

        Assert.Throws<ArgumentException>(() => lp.AddColumn(2, 1, 0, "backwards"));
        Assert.Throws<ArgumentOutOfRangeException>(() => lp.AddRow(0, 1, [(5, 1.0)], "dangling"));
    }

    [Fact]
    public void A_knapsack_has_the_integer_optimum_not_the_rounded_relaxation()
    {
        var solution = solver.Solve(Knapsack(out var items), TimeSpan.FromSeconds(10));

        Assert.Equal(LpStatus.Optimal, solution.Status);
        Assert.Equal(-14, solution.Objective, 6);
        Assert.Equal([1, 0, 1], items.Select(i => Math.Round(solution.Values[i], 6)));
    }

    [Fact]
    public void Scip_as_a_second_opinion_agrees_with_cbc_on_the_knapsack_and_clp_on_the_lp()
    {
        var scip = new OrToolsSolver(OrToolsSolver.Scip, OrToolsSolver.Scip);

        Assert.Equal(solver.Solve(Knapsack(out _), TimeSpan.FromSeconds(10)).Objective, scip.Solve(Knapsack(out _), TimeSpan.FromSeconds(10)).Objective, 6);
        Assert.Equal(solver.Solve(SmallLp(out _, out _), TimeSpan.FromSeconds(5)).Objective, scip.Solve(SmallLp(out _, out _), TimeSpan.FromSeconds(5)).Objective, 6);
    }

    [Fact]
    public void A_program_whose_relaxation_is_feasible_but_has_no_integer_point_is_infeasible()
    {
        // 2x = 1 holds at x = 0.5, never at a whole x.
        var program = new LinearProgram();
        var x = program.AddIntegerColumn(0, 5, 1, "x");
        program.AddRow(1, 1, [(x, 2)], "odd");

        var solution = solver.Solve(program, TimeSpan.FromSeconds(5));

        Assert.Equal(LpStatus.Infeasible, solution.Status);
        Assert.All(solution.Values, v => Assert.Equal(0, v));
    }

    [Fact]
    public void A_search_stopped_by_its_time_limit_returns_its_best_integer_solution_as_feasible()
    {
        // A market split (Cornuéjols and Dawande): split 30 items between two buyers so four weighted sums halve
        // exactly, missing by as little as possible. Any split is a solution; proving the best one takes an exhaustive search.
        var random = new Random(7);
        var program = new LinearProgram();
        var items = Enumerable.Range(0, 30).Select(j => program.AddIntegerColumn(0, 1, 0, $"x{j}")).ToArray();
        for (var i = 0; i < 4; i++)
        {
            var weights = items.Select(_ => (double)random.Next(100)).ToArray();
            var over = program.AddColumn(0, double.PositiveInfinity, 1, $"over{i}");
            var under = program.AddColumn(0, double.PositiveInfinity, 1, $"under{i}");
            var half = Math.Floor(weights.Sum() / 2);
            program.AddRow(half, half, [.. items.Select((x, j) => (x, weights[j])), (over, -1), (under, 1)], $"split{i}");
        }

        var solution = solver.Solve(program, TimeSpan.FromSeconds(0.5));

        Assert.Equal(LpStatus.Feasible, solution.Status);
        Assert.All(items, x => Assert.Equal(Math.Round(solution.Values[x]), solution.Values[x], 6));
        var activity = program.RowActivity(solution.Values);
        Assert.All(Enumerable.Range(0, program.RowCount), r => Assert.Equal(program.Rows[r].Lower, activity[r], 6));
    }

    [Fact]
    public void Searches_running_at_once_each_get_their_own_answer()
    {
        var results = Enumerable.Range(1, 8).AsParallel().Select(k =>
        {
            // Minimise −x with x ≤ k + 0.5: the largest whole number under it is k.
            var program = new LinearProgram();
            var x = program.AddIntegerColumn(0, 100, -1, "x");
            program.AddRow(double.NegativeInfinity, k + 0.5, [(x, 1)]);
            return (k, Value: solver.Solve(program, TimeSpan.FromSeconds(10)).Values[x]);
        }).ToList();

        Assert.All(results, r => Assert.Equal(r.k, r.Value, 6));
    }

    /// <summary>Maximise 3x + 2y (minimise the negative) with x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ 0: optimum x = 3, y = 1, value 11.</summary>
    private static LinearProgram SmallLp(out int x, out int y)
    {
        var lp = new LinearProgram();
        x = lp.AddColumn(0, 3, -3, "x");
        y = lp.AddColumn(0, double.PositiveInfinity, -2, "y");
        lp.AddRow(double.NegativeInfinity, 4, [(x, 1), (y, 1)]);
        lp.AddRow(double.NegativeInfinity, 6, [(x, 1), (y, 3)]);
        return lp;
    }

    /// <summary>Maximise 10a + 6b + 4c (minimise the negative) with 5a + 4b + 3c ≤ 8, each 0 or 1: the relaxation takes a and ¾ of b (14.5); the integer optimum is a and c (14).</summary>
    private static LinearProgram Knapsack(out int[] items)
    {
        var program = new LinearProgram();
        items = [program.AddIntegerColumn(0, 1, -10, "a"), program.AddIntegerColumn(0, 1, -6, "b"), program.AddIntegerColumn(0, 1, -4, "c")];
        program.AddRow(double.NegativeInfinity, 8, [(items[0], 5), (items[1], 4), (items[2], 3)], "weight");
        return program;
    }
}
