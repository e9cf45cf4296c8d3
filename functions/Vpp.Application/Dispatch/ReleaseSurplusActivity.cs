using Microsoft.DurableTask;

namespace Vpp.Application.Dispatch;

/// <summary>Releases what a lowered target no longer needs (<see cref="SurplusReleaser"/>).</summary>
[DurableTask(Name)]
public sealed class ReleaseSurplusActivity(SurplusReleaser releaser) : TaskActivity<SurplusReleaseRequest, int>
{
    public const string Name = "ReleaseSurplus";

    public override Task<int> RunAsync(TaskActivityContext context, SurplusReleaseRequest input) => releaser.ReleaseAsync(input, CancellationToken.None);
}
