using System.Globalization;
using Azure.Data.Tables;
using Vpp.Application.Programs;
using Vpp.Infrastructure.Pricing;

namespace Vpp.Infrastructure.Tables;

/// <summary>Programs in <c>programs</c>, a row each (PK <c>program</c>, RK = programId); a tariff as the document its manager gave.</summary>
public sealed class TableProgramStore(StorageTables tables) : IProgramStore
{
    private const string Partition = "program";

    public Task SaveAsync(VppProgram program, CancellationToken cancellationToken) =>
        tables.Programs.UpsertEntityAsync(
            new TableEntity(Partition, program.ProgramId)
            {
                ["Name"] = program.Name,
                ["TimeZoneId"] = program.TimeZoneId,
                ["TelemetryIntervalSeconds"] = program.TelemetryIntervalSeconds,
                ["AutonomousScheduling"] = program.AutonomousScheduling,
                ["DayAheadLocalTime"] = program.DayAheadLocalTime?.ToString("HH:mm", CultureInfo.InvariantCulture),
                ["Objective"] = program.Objective,
                ["Tariff"] = program.Tariff?.Document,
                ["EventRules"] = program.EventRules is { } rules ? StoredJson.Write(rules) : null,
                ["ProposeEventsAboveKw"] = program.ProposeEventsAboveKw,
                ["Holidays"] = program.Holidays,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<VppProgram?> FindAsync(string programId, CancellationToken cancellationToken)
    {
        if (!Vpp.Domain.Devices.DeviceIdentifier.IsValid(programId))
        {
            return null;
        }

        var row = await tables.Programs.FindAsync(Partition, programId, cancellationToken);
        return row is null ? null : ToProgram(row);
    }

    public async Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var row in tables.Programs.QueryAsync<TableEntity>(TableRows.Partition(Partition), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey);
        }

        return ids;
    }

    private static VppProgram ToProgram(TableEntity row) =>
        new(row.RowKey, row.GetString("Name") ?? row.RowKey, row.GetString("TimeZoneId") ?? "UTC", (int)(row.Int64Of("TelemetryIntervalSeconds") ?? 60),
            row.GetBoolean("AutonomousScheduling") ?? false,
            TimeOnly.TryParseExact(row.GetString("DayAheadLocalTime"), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null,
            row.GetString("Objective") ?? ProgramObjectives.PeakShaving,
            row.GetString("Tariff") is { } document ? new ProgramTariff(TariffJson.Parse(document), document) : null,
            StoredJson.Read<Vpp.Domain.Dispatch.DispatchRules>(row.GetString("EventRules")),
            row.DoubleOf("ProposeEventsAboveKw"),
            row.GetString("Holidays"));
}
