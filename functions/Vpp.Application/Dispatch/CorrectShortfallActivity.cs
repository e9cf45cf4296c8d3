using Microsoft.DurableTask;

namespace Vpp.Application.Dispatch;

/// <summary>Covers a shortfall with reserves or deeper shedding (<see cref="ShortfallCorrector"/>).</summary>
[DurableTask(Name)]
public sealed class CorrectShortfallActivity(ShortfallCorrector corrector) : TaskActivity<ShortfallCorrection, double>
{
    public const string Name = "CorrectShortfall";

    public override Task<double> RunAsync(TaskActivityContext context, ShortfallCorrection input) => corrector.CorrectAsync(input, CancellationToken.None);
}
