using Vigil.Common.Yaml;
using Vigil.Metrics.Config;

namespace Vigil.Metrics.Tests.Config;

/// <summary>Port of Test_validateNoFiles (static-mode.md §2.4, §9.3) plus the gaps Vigil closes.</summary>
public sealed class NoFilesCheckTests
{
    [Theory]
    [InlineData("name: a\nscrape_configs:\n- job_name: x\n  static_configs:\n  - targets: [a:1]\n  dns_sd_configs:\n  - names: [_x._tcp.local]\n", null)]
    [InlineData("name: a\nscrape_configs:\n- job_name: x\n  basic_auth:\n    username: u\n    password_file: /p\n", "failed to validate scrape_config at index 0: password_file must be empty unless dangerous_allow_reading_files is set")]
    [InlineData("name: a\nscrape_configs:\n- job_name: x\n  bearer_token_file: /t\n", "failed to validate scrape_config at index 0: credentials_file must be empty unless dangerous_allow_reading_files is set")]
    [InlineData("name: a\nremote_write:\n- url: http://a/push\n  tls_config:\n    ca_file: /ca\n", "failed to validate remote_write at index 0: ca_file must be empty unless dangerous_allow_reading_files is set")]
    [InlineData("name: a\nremote_write:\n- url: http://a/push\n  tls_config:\n    cert_file: /c\n    key_file: /k\n", "failed to validate remote_write at index 0: cert_file must be empty unless dangerous_allow_reading_files is set")]
    [InlineData("name: a\nremote_write:\n- url: http://a/push\n  oauth2:\n    client_id: c\n    token_url: http://t\n    client_secret_file: /s\n", "failed to validate remote_write at index 0: client_secret_file must be empty unless dangerous_allow_reading_files is set")]
    [InlineData("name: a\nscrape_configs:\n- job_name: x\n  dns_sd_configs:\n  - names: [_x._tcp.local]\n  file_sd_configs:\n  - files: [t.json]\n", "failed to validate service discovery at index 1 within scrape_config at index 0: file_sd_configs must be empty unless dangerous_allow_reading_files is set")]
    [InlineData("name: a\nscrape_configs:\n- job_name: ok\n- job_name: x\n  http_sd_configs:\n  - url: http://sd/\n    authorization:\n      credentials_file: /c\n", "failed to validate service discovery at index 0 within scrape_config at index 1: credentials_file must be empty unless dangerous_allow_reading_files is set")]
    public void Validate_FileReadingFields_Rejected(string yaml, string? expected)
    {
        var config = VigilYaml.Deserialize<InstanceConfig>(yaml)!;
        var errors = new List<string>();
        config.ApplyDefaults(new GlobalConfig(), errors);
        Assert.Empty(errors);

        Assert.Equal(expected, NoFilesCheck.Validate(config));
    }
}
