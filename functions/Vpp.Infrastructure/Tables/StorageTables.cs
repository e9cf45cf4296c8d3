using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// The tables the app uses, created once at start-up; the telemetry ledger in <paramref name="telemetry"/> when one is
/// given (ADR 0032), the rest in <paramref name="account"/>.
/// </summary>
public sealed class StorageTables(StorageAccount account, StorageAccount? telemetry = null)
{
    public TableClient Programs { get; } = account.Table("programs");

    /// <summary>PK = deviceId, RK = "registration": lookup by device for ingestion.</summary>
    public TableClient Devices { get; } = account.Table("devices");

    /// <summary>PK = programId|shard (<see cref="TableShards"/>), RK = deviceId: registration plus latest reading, for fleet views.</summary>
    public TableClient Fleet { get; } = account.Table("fleet");

    /// <summary>PK = deviceId|yyyyMM, RK = "window" or m01|/m15| + interval start: the ledger of counted telemetry.</summary>
    public TableClient TelemetryLedger { get; } = (telemetry ?? account).Table("telemetryledger");

    /// <summary>PK = <c>telemetry</c> (the hub), RK = the Event Hub partition: how far each partition has been ingested.</summary>
    public TableClient IngestionProgress { get; } = account.Table("ingestionprogress");

    /// <summary>PK = yyyyMMdd (UTC enqueue day), RK = partition-eventSequence.</summary>
    public TableClient DeadLetters { get; } = account.Table("deadletters");

    /// <summary>PK = programId, RK = "latest" or the snapshot minute.</summary>
    public TableClient FleetSnapshots { get; } = account.Table("fleetsnapshots");

    /// <summary>PK = deviceId, RK = "twin": the local device hub's twins.</summary>
    public TableClient Twins { get; } = account.Table("twins");

    /// <summary>PK = programId, RK = local date and run (yyyy-MM-dd|intraday, yyyy-MM-dd|day-ahead): the latest such plan.</summary>
    public TableClient Schedules { get; } = account.Table("schedules");

    /// <summary>PK = programId, RK = the hour's UTC start (yyyyMMddTHHmm): the hourly history forecasts learn from.</summary>
    public TableClient ProgramHours { get; } = account.Table("programhours");

    /// <summary>PK = programId, RK = the forecast hour's UTC start (yyyyMMddTHHmm): the latest forecast for that hour.</summary>
    public TableClient Forecasts { get; } = account.Table("forecasts");

    /// <summary>PK = programId, RK = deviceId: each EV charger's learned habits.</summary>
    public TableClient DeviceHabits { get; } = account.Table("devicehabits");

    /// <summary>PK = programId, RK = the hour's UTC start (yyyyMMddTHHmm): the latest delivered outdoor temperature for that hour.</summary>
    public TableClient Weather { get; } = account.Table("weather");

    /// <summary>Day-ahead market prices: PK = programId, RK = the interval's UTC start (<see cref="TimeKey"/>).</summary>
    public TableClient Prices { get; } = account.Table("prices");

    /// <summary>PK = programId, RK = deviceId|optOutId: every opt-out, kept after it ends.</summary>
    public TableClient OptOuts { get; } = account.Table("optouts");

    /// <summary>PK = programId, RK = eventId: every dispatch event, kept after it is over.</summary>
    public TableClient DispatchEvents { get; } = account.Table("dispatchevents");

    /// <summary>PK = probeId, RK = step: what durable probes recorded, once each, with the attempts seen.</summary>
    public TableClient DurableProbes { get; } = account.Table("durableprobes");

    /// <summary>PK = eventId, RK = <c>plan</c> for the plan, <c>d|{deviceId}</c> for each device's part.</summary>
    public TableClient DispatchPlans { get; } = account.Table("dispatchplans");

    /// <summary>PK = {eventId}|{step}, RK = deviceId: each twin command of an event, intended then sent.</summary>
    public TableClient DispatchCommands { get; } = account.Table("dispatchcommands");

    /// <summary>PK = eventId, RK = customerId: each customer's notification of an event.</summary>
    public TableClient DispatchNotifications { get; } = account.Table("dispatchnotifications");

    /// <summary>PK = eventId, RK = minute (yyyyMMddTHHmm, UTC): each measured minute of an event's delivery.</summary>
    public TableClient DispatchDelivery { get; } = account.Table("dispatchdelivery");

    /// <summary>PK = eventId, RK = deviceId: each device's lines of an event's report, for its customer's reads.</summary>
    public TableClient DispatchReportDevices { get; } = account.Table("dispatchreportdevices");

    /// <summary>PK = programId, RK = effective date: each version of a program's settlement terms.</summary>
    public TableClient SettlementTerms { get; } = account.Table("settlementterms");

    /// <summary>PK = programId, RK = yyyy-MM|v0001: each settlement run version.</summary>
    public TableClient SettlementRuns { get; } = account.Table("settlementruns");

    /// <summary>PK = programId|yyyy-MM|v0001|batch, RK = customerId: each customer's statement and payout line in a run version.</summary>
    public TableClient SettlementLines { get; } = account.Table("settlementlines");

    /// <summary>The same keys as <see cref="SettlementLines"/>: what became of each line's transfer, once one was attempted.</summary>
    public TableClient SettlementPayouts { get; } = account.Table("settlementpayouts");

    /// <summary>Corrections requested of approved months: PK = programId, RK = <c>yyyy-MM|{requested at, sortable}|{id}</c>.</summary>
    public TableClient SettlementCorrections { get; } = account.Table("settlementcorrections");

    /// <summary>PK = <c>account|shard</c> (<see cref="TableShards"/>), RK = customerId: each customer's payout (Stripe connected) account.</summary>
    public TableClient PayoutAccounts { get; } = account.Table("payoutaccounts");

    /// <summary>PK = idempotency key: the transfers of the local stand-in for Stripe.</summary>
    public TableClient LocalTransfers { get; } = account.Table("localtransfers");

    public BlobContainerClient DeadLetterBodies { get; } = account.Container("deadletter-bodies");

    /// <summary>{programId}/{local date}/{run}.json: the device plans of a schedule, too large for a table row.</summary>
    public BlobContainerClient SchedulePlans { get; } = account.Container("schedule-plans");

    /// <summary>{programId}/{eventId}.json: each event's report, per device and interval.</summary>
    public BlobContainerClient DispatchReports { get; } = account.Container("dispatch-reports");

    /// <summary>{programId}/{yyyy-MM}/v0001/{batch}.json: what each batch of a settlement run settles, frozen when it starts.</summary>
    public BlobContainerClient SettlementInputs { get; } = account.Container("settlement-inputs");

    /// <summary>{programId}/{yyyy-MM}/v0001/{file}: each run version's finance exports and their manifest.</summary>
    public BlobContainerClient SettlementExports { get; } = account.Container("settlement-exports");

    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { Programs, Devices, Fleet, TelemetryLedger, IngestionProgress, DeadLetters, FleetSnapshots, Twins, Schedules, ProgramHours, Forecasts, DeviceHabits, Weather, Prices, OptOuts, DurableProbes, DispatchEvents, DispatchPlans, DispatchCommands, DispatchNotifications, DispatchDelivery, DispatchReportDevices, SettlementTerms, SettlementRuns, SettlementLines, SettlementPayouts, SettlementCorrections, PayoutAccounts, LocalTransfers })
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }

        await DeadLetterBodies.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await SchedulePlans.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await DispatchReports.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await SettlementInputs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await SettlementExports.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
