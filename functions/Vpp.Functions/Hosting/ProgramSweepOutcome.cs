using Microsoft.Extensions.Logging;
using Vpp.Application.Programs;

namespace Vpp.Functions.Hosting;

/// <summary>
/// How a timer function ends after running a use case over every program: a log line, and when a program failed
/// (after the others were served) each failure logged with its error and the invocation failed, so the host's
/// monitoring sees it.
/// </summary>
public static class ProgramSweepOutcome
{
    /// <param name="verb">What the use case does to each program: "planned" gives "planned 3 of 3 programs".</param>
    public static void Report(ProgramSweepResult sweep, string function, string verb, ILogger logger)
    {
        if (sweep.Failures.Count == 0)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("{Function}: {Verb} {Served} of {Programs} programs", function, verb, sweep.Served, sweep.Programs);
            }

            return;
        }

        foreach (var failure in sweep.Failures)
        {
            logger.LogError(failure.Error, "{Function} could not serve program {ProgramId}", function, failure.ProgramId);
        }

        throw new ProgramSweepFailedException($"{function}: {verb} {sweep.Served} of {sweep.Programs} programs; " + string.Join("; ", sweep.Failures.Select(f => $"program '{f.ProgramId}' failed: {f.Reason}")));
    }
}
