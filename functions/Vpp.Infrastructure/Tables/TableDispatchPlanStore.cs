using Azure.Data.Tables;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Event plans in <c>dispatchplans</c>: one partition per event, the plan in row <c>plan</c>, each device's part in
/// row <c>d|{deviceId}</c> and each customer's devices in row <c>c|{customerId}</c>, as JSON. A new plan upserts every
/// row and deletes those no longer in it; batches read key ranges.
/// </summary>
public sealed class TableDispatchPlanStore(StorageTables tables) : IDispatchPlanStore
{
    private const string PlanRow = "plan";
    private const string PartPrefix = "d|";
    private const string PartsEnd = "d}";
    private const string CustomerPrefix = "c|";
    private const string CustomersEnd = "c}";

    public async Task SaveAsync(DispatchPlan plan, IReadOnlyList<DispatchAssignment> assignments, IReadOnlyList<DispatchCustomer> customers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(customers);
        var kept = assignments.Select(a => PartPrefix + a.DeviceId).Concat(customers.Select(c => CustomerPrefix + c.CustomerId)).ToHashSet(StringComparer.Ordinal);
        var gone = new List<string>();
        await foreach (var row in tables.DispatchPlans.QueryAsync<TableEntity>(TableRows.Partition(plan.EventId), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (row.RowKey != PlanRow && !kept.Contains(row.RowKey))
            {
                gone.Add(row.RowKey);
            }
        }

        foreach (var chunk in gone.Chunk(TableRows.MaxBatchOperations))
        {
            await tables.DispatchPlans.SubmitTransactionAsync(chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(plan.EventId, key))), cancellationToken);
        }

        await UpdateAsync(plan.EventId, assignments, cancellationToken);
        await tables.DispatchPlans.UpsertReplaceAllAsync(
            customers.Select(c => new TableEntity(plan.EventId, CustomerPrefix + c.CustomerId) { ["Customer"] = StoredJson.Write(c) }), cancellationToken);
        // The plan row last: a plan that is read has all its rows.
        await tables.DispatchPlans.UpsertEntityAsync(new TableEntity(plan.EventId, PlanRow) { ["Plan"] = StoredJson.Write(plan) }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<DispatchPlan?> FindAsync(string eventId, CancellationToken cancellationToken) =>
        await tables.DispatchPlans.FindAsync(eventId, PlanRow, cancellationToken) is { } row ? StoredJson.Read<DispatchPlan>(row.GetString("Plan")) : null;

    public Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, CancellationToken cancellationToken) =>
        ReadAsync<DispatchAssignment>(eventId, PartPrefix, PartsEnd, "Part", cancellationToken);

    public Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, string fromDeviceId, string? untilDeviceId, CancellationToken cancellationToken) =>
        ReadAsync<DispatchAssignment>(eventId, PartPrefix + fromDeviceId, untilDeviceId is null ? PartsEnd : PartPrefix + untilDeviceId, "Part", cancellationToken);

    public Task<IReadOnlyList<DispatchCustomer>> ListCustomersAsync(string eventId, string fromCustomerId, string? untilCustomerId, CancellationToken cancellationToken) =>
        ReadAsync<DispatchCustomer>(eventId, CustomerPrefix + fromCustomerId, untilCustomerId is null ? CustomersEnd : CustomerPrefix + untilCustomerId, "Customer", cancellationToken);

    public async Task<DispatchAssignment?> FindAssignmentAsync(string eventId, string deviceId, CancellationToken cancellationToken) =>
        await tables.DispatchPlans.FindAsync(eventId, PartPrefix + deviceId, cancellationToken) is { } row ? StoredJson.Read<DispatchAssignment>(row.GetString("Part")) : null;

    public Task UpdateAsync(string eventId, IReadOnlyList<DispatchAssignment> assignments, CancellationToken cancellationToken) =>
        tables.DispatchPlans.UpsertReplaceAllAsync(assignments.Select(a => new TableEntity(eventId, PartPrefix + a.DeviceId) { ["Part"] = StoredJson.Write(a) }), cancellationToken);

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string eventId, string fromKey, string toKey, string column, CancellationToken cancellationToken)
        where T : class =>
        await StoredJson.ReadAllAsync<T>(
            tables.DispatchPlans.QueryAsync<TableEntity>(TableRows.KeyRange(eventId, fromKey, toKey), select: [column], cancellationToken: cancellationToken), column);
}
