using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Infrastructure.Tables;
using Vpp.TestSupport.Memory;

namespace Vpp.Infrastructure.Tests;

/// <summary>
/// The plan store on Azurite and its in-memory double, held to one contract: a change applies to each part as it is
/// stored when written, so a writer that read a part before another changed it (a correction running late, an activity
/// run twice) never undoes that change.
/// </summary>
public sealed class DispatchPlanStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["table", "memory"];

    private async Task<IDispatchPlanStore> StoreAsync(string kind, string eventId, List<DispatchAssignment> parts)
    {
        IDispatchPlanStore store;
        if (kind == "table")
        {
            var tables = new StorageTables(azurite.Account);
            await tables.CreateAllAsync(CancellationToken.None);
            store = new TableDispatchPlanStore(tables);
        }
        else
        {
            store = new InMemoryDispatchPlanStore();
        }

        await store.SaveAsync(new DispatchPlan(eventId, 1, Start.AddMinutes(-30), Start, 15, 6, 6, parts.Count, 0, 0, parts.Count, parts.Count, 0, 0, "lp", [parts[0].DeviceId], []),
            parts, [], CancellationToken.None);
        return store;
    }

    /// <summary>Batteries discharging 2 kW for an hour, able to discharge 5.</summary>
    private static List<DispatchAssignment> Parts(string eventId) => [.. new[] { "a", "b", "c" }.Select(id => new DispatchAssignment(
        $"{eventId}-{id}", "c-" + id, DeviceType.Battery, DispatchRole.Participant, Start, 15, [-2.0, -2, -2, -2], [0.0, 0, 0, 0], [-5.0, -5, -5, -5], null))];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_correction_that_read_a_part_before_its_release_leaves_it_released_and_deepens_the_rest(string kind)
    {
        var eventId = AzuriteFixture.UniqueName("ev");
        var store = await StoreAsync(kind, eventId, Parts(eventId));
        var (a, b, c) = ($"{eventId}-a", $"{eventId}-b", $"{eventId}-c");
        var releasedAt = Start.AddMinutes(20);
        var seen = new List<DispatchAssignment>();

        var after = await store.ChangeAsync(eventId, [a, b, $"{eventId}-gone"], part =>
        {
            seen.Add(part);
            if (seen.Count == 1)
            {
                // Another writer releases the first part between this correction's read and its write.
                Assert.Single(store.ChangeAsync(eventId, [a], p => p.ReleasedFrom(releasedAt), CancellationToken.None).GetAwaiter().GetResult());
            }

            return part.DeepenedFor(Start.AddMinutes(25), 1);
        }, CancellationToken.None);
        var stored = (await store.ListAsync(eventId, CancellationToken.None)).ToDictionary(p => p.DeviceId);

        // The part changed under the correction was read again, as the other writer left it.
        Assert.Equal([null, releasedAt], seen.Where(p => p.DeviceId == a).Select(p => p.ReleasedUtc));
        Assert.Equal([a, b], after.Select(p => p.DeviceId));
        Assert.Equal(releasedAt, stored[a].ReleasedUtc);
        Assert.Null(stored[a].Correction);
        Assert.Equal([-2.0, -2, -2, -2], stored[a].PowerKw);
        Assert.Equal(1, stored[b].Correction);
        Assert.Equal([-2.0, -5, -5, -5], stored[b].PowerKw);
        Assert.Equal(1, after[1].Correction);
        Assert.Equal(stored[b].PowerKw, after[1].PowerKw);
        Assert.Null(stored[c].Correction);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_change_that_leaves_parts_alone_writes_nothing_and_answers_them_as_stored(string kind)
    {
        var eventId = AzuriteFixture.UniqueName("ev");
        var store = await StoreAsync(kind, eventId, Parts(eventId));
        var optedOut = await store.ChangeAsync(eventId, [$"{eventId}-c"], p => p.OptedOutFrom(Start), CancellationToken.None);

        var again = await store.ChangeAsync(eventId, [$"{eventId}-c"], p => p.ReleasedFrom(Start.AddMinutes(5)), CancellationToken.None);
        var stored = await store.FindAssignmentAsync(eventId, $"{eventId}-c", CancellationToken.None);

        Assert.Equal(Start, Assert.Single(optedOut).OptedOutUtc);
        Assert.Equal(Start, Assert.Single(again).OptedOutUtc);
        Assert.Null(again[0].ReleasedUtc);
        Assert.Equal(Start, stored!.OptedOutUtc);
        Assert.Null(stored.ReleasedUtc);
        Assert.Empty(await store.ChangeAsync(eventId, [], p => p.ReleasedFrom(Start), CancellationToken.None));
    }
}
