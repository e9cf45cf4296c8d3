using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tests;

public sealed class StorageAccountTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_connection_string_setting_reaches_the_account_it_names()
    {
        var account = StorageAccount.FromConfiguration(Settings(("AzureWebJobsStorage", azurite.Process.ConnectionString)));
        var table = account.Table(AzuriteFixture.UniqueName("acct"));
        await table.CreateIfNotExistsAsync();

        await table.AddEntityAsync(new TableEntity("p", "r") { ["Kw"] = 2.5 });

        Assert.Equal(2.5, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetDouble("Kw"));
        Assert.Equal(new Uri(azurite.Process.ConnectionString.Split(';').Single(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..]), account.Tables.Uri);
    }

    [Fact]
    public void An_identity_based_setting_derives_the_accounts_public_endpoints()
    {
        var account = StorageAccount.FromConfiguration(Settings(("AzureWebJobsStorage:accountName", "vppprod")));

        Assert.Equal(new Uri("https://vppprod.table.core.windows.net/"), account.Tables.Uri);
        Assert.Equal(new Uri("https://vppprod.blob.core.windows.net/"), account.Blobs.Uri);
    }

    [Fact]
    public void Explicit_service_uris_win_over_the_account_name()
    {
        var account = StorageAccount.FromConfiguration(Settings(
            ("AzureWebJobsStorage:accountName", "vppprod"),
            ("AzureWebJobsStorage:tableServiceUri", "https://vpptables.table.cosmos.azure.com/")));

        Assert.Equal(new Uri("https://vpptables.table.cosmos.azure.com/"), account.Tables.Uri);
        Assert.Equal(new Uri("https://vppprod.blob.core.windows.net/"), account.Blobs.Uri);
    }

    [Fact]
    public void No_setting_at_all_is_an_error_that_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromConfiguration(Settings()));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_telemetry_ledger_gets_its_own_account_only_when_one_is_configured()
    {
        var main = StorageAccount.FromConfiguration(Settings(("AzureWebJobsStorage:accountName", "vppmain")));
        var separate = Settings(("AzureWebJobsStorage:accountName", "vppmain"), ("TelemetryStorage:accountName", "vppledger"));
        var shared = Settings(("AzureWebJobsStorage:accountName", "vppmain"));

        var telemetry = StorageAccount.TelemetryFromConfiguration(separate);

        Assert.Equal(new Uri("https://vppledger.table.core.windows.net/"), telemetry?.Tables.Uri);
        Assert.Null(StorageAccount.TelemetryFromConfiguration(shared));
        Assert.Equal("vppledger.table.core.windows.net", new Tables.StorageTables(main, telemetry).TelemetryLedger.Uri.Host);
        Assert.Equal("vppmain.table.core.windows.net", new Tables.StorageTables(main, telemetry).SettlementLines.Uri.Host);
        Assert.Equal("vppmain.table.core.windows.net", new Tables.StorageTables(main, StorageAccount.TelemetryFromConfiguration(shared)).TelemetryLedger.Uri.Host);
    }

    [Fact]
    public void A_telemetry_connection_string_setting_names_the_ledger_s_account()
    {
        var telemetry = StorageAccount.TelemetryFromConfiguration(Settings(("TelemetryStorage", azurite.Process.ConnectionString)));

        Assert.Equal(StorageAccount.FromConnectionString(azurite.Process.ConnectionString).Tables.Uri, telemetry?.Tables.Uri);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
