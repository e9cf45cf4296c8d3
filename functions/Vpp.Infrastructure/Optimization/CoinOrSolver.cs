using Vpp.Application.Optimization;

namespace Vpp.Infrastructure.Optimization;

/// <summary>The production solver: linear programs to CLP (fast simplex), mixed-integer ones to CBC (branch and cut).</summary>
public sealed class CoinOrSolver : ILpSolver
{
    private readonly ClpLpSolver linear = new();
    private readonly CbcMilpSolver mixedInteger = new();

    public LpSolution Solve(LinearProgram program, TimeSpan timeLimit) =>
        program.IsMixedInteger ? mixedInteger.Solve(program, timeLimit) : linear.Solve(program, timeLimit);
}
