namespace Vpp.Application.Optimization;

/// <summary>The solver's answer: status, objective and column values (empty unless a solution exists).</summary>
public sealed record LpSolution(LpStatus Status, double Objective, IReadOnlyList<double> Values, TimeSpan SolveTime);
