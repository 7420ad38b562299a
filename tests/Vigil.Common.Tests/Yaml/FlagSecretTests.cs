using Vigil.Common.Yaml;
using YamlDotNet.Serialization;

namespace Vigil.Common.Tests.Yaml;

/// <summary>Grafana Agent's TestConfig_ObscureSecrets: dskit secrets print as ********, Prometheus secrets as &lt;secret&gt;.</summary>
public sealed class FlagSecretTests
{
    [Fact]
    public void Serialize_Scrubbed_MasksEachKindItsOwnWay()
    {
        var doc = VigilYaml.Deserialize<Holder>("acl_token: consul-token\npassword: prom-password\n")!;
        Assert.Equal("consul-token", doc.AclToken!.Value);
        var scrubbed = VigilYaml.Serialize(doc, scrubSecrets: true);
        Assert.Equal("acl_token: '********'\npassword: <secret>\n", scrubbed);
        Assert.Equal("acl_token: consul-token\npassword: prom-password\n", VigilYaml.Serialize(doc, scrubSecrets: false));
    }

    public sealed class Holder
    {
        [YamlMember(Alias = "acl_token")]
        public FlagSecret? AclToken { get; set; }

        [YamlMember(Alias = "password")]
        public Secret? Password { get; set; }
    }
}
