using System.Diagnostics;
using Vpp.Application.Optimization;

namespace Vpp.Benchmarks;

/// <summary>Counts the solver's calls and the time spent in them, model building included, so a run says how much of it the solver took.</summary>
internal sealed class TimedSolver(ILpSolver inner) : ILpSolver
{
    public int Solves { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public LpSolution Solve(LinearProgram program, TimeSpan timeLimit)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return inner.Solve(program, timeLimit);
        }
        finally
        {
            Solves++;
            Elapsed += Stopwatch.GetElapsedTime(started);
        }
    }
}
