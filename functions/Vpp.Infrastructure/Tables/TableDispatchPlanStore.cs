using Azure.Data.Tables;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Event plans in <c>dispatchplans</c>: one partition per event, the plan in row <c>plan</c> and each device's part in
/// row <c>d|{deviceId}</c>, as JSON. A new plan upserts every part and deletes parts no longer in it.
/// </summary>
public sealed class TableDispatchPlanStore(StorageTables tables) : IDispatchPlanStore
{
    private const string PlanRow = "plan";
    private const string PartPrefix = "d|";

    public async Task SaveAsync(DispatchPlan plan, IReadOnlyList<DispatchAssignment> assignments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(assignments);
        var kept = assignments.Select(a => a.DeviceId).ToHashSet(StringComparer.Ordinal);
        var gone = (await ListAsync(plan.EventId, cancellationToken)).Where(a => !kept.Contains(a.DeviceId)).ToList();
        foreach (var chunk in gone.Chunk(TableRows.MaxBatchOperations))
        {
            await tables.DispatchPlans.SubmitTransactionAsync(chunk.Select(a => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(plan.EventId, PartPrefix + a.DeviceId))), cancellationToken);
        }

        await UpdateAsync(plan.EventId, assignments, cancellationToken);
        // The plan row last: a plan that is read has all its parts.
        await tables.DispatchPlans.UpsertEntityAsync(new TableEntity(plan.EventId, PlanRow) { ["Plan"] = StoredJson.Write(plan) }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<DispatchPlan?> FindAsync(string eventId, CancellationToken cancellationToken) =>
        await tables.DispatchPlans.FindAsync(eventId, PlanRow, cancellationToken) is { } row ? StoredJson.Read<DispatchPlan>(row.GetString("Plan")) : null;

    public async Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, CancellationToken cancellationToken) =>
        await StoredJson.ReadAllAsync<DispatchAssignment>(
            tables.DispatchPlans.QueryAsync<TableEntity>(TableRows.KeyRange(eventId, PartPrefix, "d}"), select: ["Part"], cancellationToken: cancellationToken), "Part");

    public async Task<DispatchAssignment?> FindAssignmentAsync(string eventId, string deviceId, CancellationToken cancellationToken) =>
        await tables.DispatchPlans.FindAsync(eventId, PartPrefix + deviceId, cancellationToken) is { } row ? StoredJson.Read<DispatchAssignment>(row.GetString("Part")) : null;

    public Task UpdateAsync(string eventId, IReadOnlyList<DispatchAssignment> assignments, CancellationToken cancellationToken) =>
        tables.DispatchPlans.UpsertReplaceAllAsync(assignments.Select(a => new TableEntity(eventId, PartPrefix + a.DeviceId) { ["Part"] = StoredJson.Write(a) }), cancellationToken);
}
