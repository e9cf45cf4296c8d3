using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Devices;
using Vpp.Application.Participation;
using Vpp.Application.Tests;
using Vpp.Domain.Tests;
using Vpp.TestSupport.Memory;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

/// <summary>The opt-out use case on Azurite, with a device hub that can fail.</summary>
public sealed class OptOutServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_the_twin_cannot_be_told_the_opt_out_is_not_kept_either_so_store_and_twin_agree()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var store = new TableOptOutStore(tables);
        var fleet = new InMemoryFleetStore();
        var device = TestDevices.Thermostat(AzuriteFixture.UniqueName("th")) with { CustomerId = "cust-1" };
        await fleet.SaveAsync(device, CancellationToken.None);
        var service = new OptOutService(fleet, store, new UnreachableHub(), new FakeTimeProvider(Now));

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            service.RequestAsync(device.DeviceId, Now.AddHours(1), Now.AddHours(3), "guests", new Requester("cust-1", true), [], CancellationToken.None));

        Assert.Empty(await store.ListForDeviceAsync(device.ProgramId, device.DeviceId, Now, CancellationToken.None));
        Assert.Empty(await store.ListOverlappingAsync(device.ProgramId, Now, Now.AddDays(1), CancellationToken.None));
    }

    private sealed class UnreachableHub : IDeviceHub
    {
        public Task RegisterAsync(string deviceId, JsonObject tags, CancellationToken cancellationToken) => throw Unreachable();

        public Task<DeviceTwin?> GetTwinAsync(string deviceId, CancellationToken cancellationToken) => throw Unreachable();

        public Task<DeviceTwin> PatchDesiredAsync(string deviceId, JsonObject patch, string? etag, CancellationToken cancellationToken) => throw Unreachable();

        public IAsyncEnumerable<DeviceTwin> QueryByProgramAsync(string programId, CancellationToken cancellationToken) => throw Unreachable();

        public Task<string> ScheduleDesiredUpdateAsync(string jobId, string programId, JsonObject patch, CancellationToken cancellationToken) => throw Unreachable();

        private static HttpRequestException Unreachable() => new("the hub is unreachable");
    }
}
