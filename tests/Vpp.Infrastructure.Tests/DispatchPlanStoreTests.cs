using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Infrastructure.Tables;
using Vpp.TestSupport.Memory;

namespace Vpp.Infrastructure.Tests;

/// <summary>
/// The plan store on Azurite and its in-memory double, held to one contract: a change applies to each part as it is
/// stored when written, so a writer that read a part before another changed it (a correction running late, an activity
/// run twice) never undoes that change, and a plan made from parts read before such a change is not saved over it.
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

        Assert.True(await store.SaveAsync(Plan(eventId, 1, parts), parts, [], CancellationToken.None));
        return store;
    }

    private static DispatchPlan Plan(string eventId, int version, List<DispatchAssignment> parts) =>
        new(eventId, version, Start.AddMinutes(-30), Start, 15, 6, 6, parts.Count, 0, 0, parts.Count, parts.Count, 0, 0, "lp", [parts[0].DeviceId], []);

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

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_plan_made_from_parts_read_before_a_release_and_a_correction_is_not_saved_and_both_stay(string kind)
    {
        var eventId = AzuriteFixture.UniqueName("ev");
        var read = Parts(eventId);
        var store = await StoreAsync(kind, eventId, read);
        var (a, b) = ($"{eventId}-a", $"{eventId}-b");
        await store.ChangeAsync(eventId, [a], p => p.ReleasedFrom(Start.AddMinutes(20)), CancellationToken.None);
        await store.ChangeAsync(eventId, [b], p => p.DeepenedFor(Start.AddMinutes(25), 1), CancellationToken.None);

        // The replan read every part in control and uncorrected; written now, it would undo both.
        var replanned = read.Select(p => p with { PowerKw = [-1.0, -1, -1, -1] }).ToList();
        var saved = await store.SaveAsync(Plan(eventId, 2, replanned), replanned, [], CancellationToken.None);
        var stored = (await store.ListAsync(eventId, CancellationToken.None)).ToDictionary(p => p.DeviceId);

        Assert.False(saved);
        Assert.Equal(1, (await store.FindAsync(eventId, CancellationToken.None))!.Version);
        Assert.Equal(Start.AddMinutes(20), stored[a].ReleasedUtc);
        Assert.Equal(1, stored[b].Correction);
        Assert.Equal([-2.0, -5, -5, -5], stored[b].PowerKw);
        Assert.Equal([-2.0, -2, -2, -2], stored[$"{eventId}-c"].PowerKw);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_plan_that_carries_the_stored_changes_is_saved_and_removes_only_parts_nothing_changed(string kind)
    {
        var eventId = AzuriteFixture.UniqueName("ev");
        var store = await StoreAsync(kind, eventId, Parts(eventId));
        var (a, b, c) = ($"{eventId}-a", $"{eventId}-b", $"{eventId}-c");
        var optedOut = Assert.Single(await store.ChangeAsync(eventId, [a], p => p.OptedOutFrom(Start.AddMinutes(-10)), CancellationToken.None));

        // Without the opted-out part the plan would lose its opt-out: refused. Keeping it and dropping an untouched one: saved.
        var dropsOptOut = (await store.ListAsync(eventId, CancellationToken.None)).Where(p => p.DeviceId != a).ToList();
        var refused = await store.SaveAsync(Plan(eventId, 2, dropsOptOut), dropsOptOut, [], CancellationToken.None);
        var keeps = new List<DispatchAssignment> { optedOut, Parts(eventId)[1] with { PowerKw = [-3.0, -3, -3, -3] } };
        var saved = await store.SaveAsync(Plan(eventId, 2, keeps), keeps, [new DispatchCustomer("c-b", [b])], CancellationToken.None);
        var stored = (await store.ListAsync(eventId, CancellationToken.None)).ToDictionary(p => p.DeviceId);

        Assert.False(refused);
        Assert.True(saved);
        Assert.Equal(2, (await store.FindAsync(eventId, CancellationToken.None))!.Version);
        Assert.Equal([a, b], stored.Keys);
        Assert.Equal(Start.AddMinutes(-10), stored[a].OptedOutUtc);
        Assert.Equal([-3.0, -3, -3, -3], stored[b].PowerKw);
        Assert.Null(await store.FindAssignmentAsync(eventId, c, CancellationToken.None));
        Assert.Equal(["c-b"], (await store.ListCustomersAsync(eventId, "", null, CancellationToken.None)).Select(x => x.CustomerId));
    }
}
