using Vpp.Application.Optimization;
using Vpp.Infrastructure.Optimization;

namespace Vpp.Infrastructure.Tests;

public sealed class ClpLpSolverTests
{
    private readonly ClpLpSolver solver = new();

    [Fact]
    public void The_native_solver_is_installed_by_the_build()
    {
        Assert.True(ClpLpSolver.IsAvailable());
    }

    [Fact]
    public void A_small_lp_has_the_hand_computed_optimum()
    {
        // Maximise 3x + 2y (minimise the negative) with x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ 0: optimum x = 3, y = 1, value 11.
        var lp = new LinearProgram();
        var x = lp.AddColumn(0, 3, -3, "x");
        var y = lp.AddColumn(0, double.PositiveInfinity, -2, "y");
        lp.AddRow(double.NegativeInfinity, 4, [(x, 1), (y, 1)]);
        lp.AddRow(double.NegativeInfinity, 6, [(x, 1), (y, 3)]);

        var solution = solver.Solve(lp, TimeSpan.FromSeconds(5));

        Assert.Equal(LpStatus.Optimal, solution.Status);
        Assert.Equal(-11, solution.Objective, 9);
        Assert.Equal(3, solution.Values[x], 9);
        Assert.Equal(1, solution.Values[y], 9);
    }

    [Fact]
    public void Infeasible_and_unbounded_programs_are_reported_as_such()
    {
        var infeasible = new LinearProgram();
        var a = infeasible.AddColumn(0, 1, 1);
        infeasible.AddRow(2, double.PositiveInfinity, [(a, 1)]);
        var unbounded = new LinearProgram();
        unbounded.AddColumn(0, double.PositiveInfinity, -1);

        Assert.Equal(LpStatus.Infeasible, solver.Solve(infeasible, TimeSpan.FromSeconds(5)).Status);
        Assert.Equal(LpStatus.Unbounded, solver.Solve(unbounded, TimeSpan.FromSeconds(5)).Status);
    }

    [Fact]
    public void Bad_models_are_refused_before_reaching_the_solver()
    {
        var lp = new LinearProgram();

        Assert.Throws<ArgumentException>(() => lp.AddColumn(2, 1, 0, "backwards"));
        Assert.Throws<ArgumentOutOfRangeException>(() => lp.AddRow(0, 1, [(5, 1.0)], "dangling"));
    }
}
