using Vpp.Application.Forecasting;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Devices;

public sealed class DeviceDetailsService(IDeviceRegistry registry, IIngestionProgressStore ingestion, IDeviceHub hub, ITelemetryLedgerStore ledgers, IDeviceHabitsStore habits, TimeProvider clock)
{
    public async Task<DeviceDetails?> FindAsync(string deviceId, CancellationToken cancellationToken)
    {
        var registration = await registry.FindAsync(deviceId, cancellationToken);
        if (registration is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var device = await registry.FindFleetDeviceAsync(registration.ProgramId, deviceId, cancellationToken) ?? new FleetDevice(registration, null);
        var twin = await hub.GetTwinAsync(deviceId, cancellationToken);
        var rollups = await ledgers.ReadRollupsAsync(deviceId, RollupResolution.FifteenMinutes, now.AddHours(-24), now.AddMinutes(15), cancellationToken);
        return new DeviceDetails(
            deviceId,
            registration.ProgramId,
            registration.Type.ToWire(),
            registration.Ratings,
            (await ingestion.WatermarkAsync(now, cancellationToken)).StatusOf(device).ToString(),
            twin is null ? null : new DeviceTwinView(twin.Version, twin.Tags, twin.Desired, twin.Reported),
            device.Latest,
            rollups.OrderBy(r => r.IntervalStart).Select(RollupView.From).ToList(),
            await habits.FindAsync(registration.ProgramId, deviceId, cancellationToken));
    }
}
