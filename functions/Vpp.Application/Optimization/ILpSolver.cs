namespace Vpp.Application.Optimization;

/// <summary>Solves linear and mixed-integer programs (COIN-OR CLP and CBC in production; any solver behind this port).</summary>
public interface ILpSolver
{
    LpSolution Solve(LinearProgram program, TimeSpan timeLimit);
}
