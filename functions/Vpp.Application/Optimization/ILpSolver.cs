namespace Vpp.Application.Optimization;

/// <summary>Solves linear programs (COIN-OR CLP in production; any solver behind this port).</summary>
public interface ILpSolver
{
    LpSolution Solve(LinearProgram program, TimeSpan timeLimit);
}
