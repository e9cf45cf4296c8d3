namespace Vpp.Application.Tests;

/// <summary>
/// The histories kept under <c>Histories/</c>, each an instance of an earlier or today's version run end to end, replayed
/// against today's orchestrators: a change that would break an instance still running in Azure fails here, until it
/// raises <see cref="DurableTasks.OrchestrationVersion"/> and keeps the old path for the old version (ADR 0040).
/// </summary>
public sealed class RecordedHistoryTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Histories");

    public static TheoryData<string> Files() => new(Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public void A_recorded_history_replays_on_todays_orchestrator_as_it_ran(string file)
    {
        RecordedHistory.Load(Path.Combine(Folder, file)).AssertReplaysAsRecorded();
    }

    [Fact]
    public void Every_orchestrator_has_a_history_recorded_at_todays_version()
    {
        var recorded = Directory.GetFiles(Folder, "*.json").Select(RecordedHistory.Load)
            .Where(h => h.Version == DurableTasks.OrchestrationVersion).Select(h => h.Orchestrator).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(recorded, DurableTasks.Orchestrators.Select(DurableTasks.NameOf).ToHashSet(StringComparer.Ordinal));
    }
}
