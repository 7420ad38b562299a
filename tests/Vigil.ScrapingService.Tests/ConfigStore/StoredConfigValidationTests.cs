using Vigil.Metrics.Config;
using Vigil.ScrapingService.ConfigStore;
using Vigil.ScrapingService.Tests.Cluster;

namespace Vigil.ScrapingService.Tests.ConfigStore;

public sealed class StoredConfigValidationTests
{
    [Fact]
    public void Prepare_Valid_NamesAfterKeyAndAppliesGlobalDefaults()
    {
        var config = TestConfigs.Instance("body-name");
        config.ScrapeConfigs[0]!.ScrapeInterval = default;
        Assert.Null(StoredConfigValidation.Prepare("key-name", config, TestConfigs.Metrics()));
        Assert.Equal("key-name", config.Name);
        Assert.Equal(new GlobalConfig().ScrapeInterval, config.ScrapeConfigs[0]!.ScrapeInterval);
    }

    [Fact]
    public void Prepare_NoWalDirectory_Refused()
    {
        var metrics = TestConfigs.Metrics();
        metrics.WalDirectory = string.Empty;
        Assert.Equal("no wal_directory configured", StoredConfigValidation.Prepare("x", TestConfigs.Instance("x"), metrics));
    }

    [Fact]
    public void Prepare_BadInstance_ApiWording()
    {
        var config = TestConfigs.Instance("x");
        config.MinWalTime = Vigil.Common.Yaml.Duration.FromHours(10);
        Assert.Equal(
            "failed to apply defaults to \"x\": min_wal_time must be less than max_wal_time",
            StoredConfigValidation.Prepare("x", config, TestConfigs.Metrics()));
    }

    [Fact]
    public void Prepare_ReadsFiles_RefusedUnlessAllowed()
    {
        var config = TestConfigs.Instance("x");
        config.ScrapeConfigs[0]!.BasicAuth = new BasicAuth { Username = "u", PasswordFile = "/etc/passwd" };
        Assert.Equal(
            "failed to validate scrape_config at index 0: password_file must be empty unless dangerous_allow_reading_files is set",
            StoredConfigValidation.Prepare("x", config, TestConfigs.Metrics()));

        var allowing = TestConfigs.Metrics();
        allowing.ScrapingService.DangerousAllowReadingFiles = true;
        var again = TestConfigs.Instance("x");
        again.ScrapeConfigs[0]!.BasicAuth = new BasicAuth { Username = "u", PasswordFile = "/etc/passwd" };
        Assert.Null(StoredConfigValidation.Prepare("x", again, allowing));
    }
}
