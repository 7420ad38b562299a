using Vigil.Common.Yaml;

namespace Vigil.Common.Tests.Yaml;

public sealed class VigilYamlTests
{
    [Theory]
    [InlineData("name: a\nbogus: 1\n", 2, "field bogus not found in type YamlRoot")]
    [InlineData("name: a\npointer_block:\n  username: x\n  extra: 1\n", 4, "field extra not found in type YamlPointerBlock")]
    [InlineData("derived:\n  before: x\n  nope: 2\n", 3, "field nope not found in type YamlDerivedBlock")]
    public void Deserialize_UnknownKey_NamesKeyAndLine(string text, int line, string reason)
    {
        var e = Assert.Throws<YamlConfigException>(() => VigilYaml.Deserialize<YamlRoot>(text));

        Assert.Equal($"line {line}: {reason}", e.Message);
        Assert.Equal(line, e.Line);
    }

    [Theory]
    [InlineData("name: a\ncount: 1\nname: b\n", 3, "name")]
    [InlineData("labels:\n  a: b\n  c: d\n  a: c\n", 4, "a")]
    [InlineData("pointer_block:\n  username: x\n  username: y\n", 3, "username")]
    public void Deserialize_DuplicateKey_NamesKeyAndLine(string text, int line, string key)
    {
        var e = Assert.Throws<YamlConfigException>(() => VigilYaml.Deserialize<YamlRoot>(text));

        Assert.Equal($"line {line}: key \"{key}\" already set in map", e.Message);
    }

    [Fact]
    public void Deserialize_UnsupportedServiceDiscovery_SaysNotSupported()
    {
        var e = Assert.Throws<YamlConfigException>(() => VigilYaml.Deserialize<YamlRoot>("kubernetes_sd_configs: []\n"));

        Assert.Equal("line 1: field kubernetes_sd_configs not found in type YamlRoot (kubernetes service discovery is not supported by Vigil yet)", e.Message);
    }

    [Theory]
    [InlineData("value_block:\n  interval: 1x\n", "line 2: not a valid duration string: \"1x\"")]
    [InlineData("value_block:\n  period: 5\n", "line 2: time: missing unit in duration \"5\"")]
    [InlineData("limit: 10XB\n", "line 1: units: unknown unit XB in \"10XB\"")]
    [InlineData("url: \"http://a/%zz\"\n", "line 1: parse \"http://a/%zz\": invalid URL escape \"%zz\"")]
    [InlineData("name: [1]\n", "line 1: cannot unmarshal this value into String")]
    [InlineData("count: abc\n", "line 1: cannot unmarshal !!str `abc` into a number")]
    [InlineData("count: 99999999999\n", "line 1: number out of range")]
    [InlineData("items: foo\n", "line 1: cannot unmarshal !!str into []YamlPointerBlock")]
    [InlineData("labels: [a]\n", "line 1: cannot unmarshal !!seq into a mapping")]
    [InlineData("pointer_block: x\n", "line 1: cannot unmarshal !!str into YamlPointerBlock")]
    public void Deserialize_BadScalar_NamesLineAndReason(string text, string message)
    {
        var e = Assert.Throws<YamlConfigException>(() => VigilYaml.Deserialize<YamlRoot>(text));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Deserialize_GoDurations_RoundTripInGoSpelling()
    {
        var root = VigilYaml.Deserialize<YamlRoot>("value_block:\n  interval: 1h30m\n  period: 90s\n")!;

        Assert.Equal(TimeSpan.FromMinutes(90), root.ValueBlock.Interval.Value);
        Assert.Equal(TimeSpan.FromSeconds(90), root.ValueBlock.Period.Value);
        Assert.Equal("value_block:\n  interval: 1h30m\n  period: 1m30s\ncount: 0\n", VigilYaml.Serialize(root, scrubSecrets: true));
    }

    [Fact]
    public void Deserialize_KeysWithoutValue_TakeGoZeroValues()
    {
        var root = VigilYaml.Deserialize<YamlRoot>("name:\nvalue_block:\nlabels:\nitems:\n- username: a\n-\n")!;

        Assert.Equal(string.Empty, root.Name);
        Assert.Empty(root.Labels);
        Assert.Equal(PromDuration.FromMinutes(1), root.ValueBlock.Interval);
        Assert.Equal(2, root.Items.Count);
        Assert.Null(root.Items[1]);
        Assert.Null(root.PointerBlock);
    }

    [Fact]
    public void Serialize_OmitEmpty_LeavesOutEmptyAndDefaultBlocks()
    {
        var text = VigilYaml.Serialize(new YamlRoot(), scrubSecrets: true);

        Assert.Equal("count: 0\n", text);
    }

    [Fact]
    public void Serialize_InheritedKeys_FollowOrder()
    {
        var root = new YamlRoot { Derived = new YamlDerivedBlock { Before = "x", BaseFirst = "y", After = 3 } };

        var text = VigilYaml.Serialize(root, scrubSecrets: true);

        Assert.Equal("derived:\n  before: x\n  base_first: y\n  base_flag: true\n  after: 3\ncount: 0\n", text);
    }

    [Theory]
    [InlineData(true, "password: <secret>", "http://user:xxxxx@host:9090/push")]
    [InlineData(false, "password: hunter2", "http://user:pw@host:9090/push")]
    public void Serialize_Secrets_ScrubbedOnlyWhenAsked(bool scrub, string password, string url)
    {
        var root = new YamlRoot
        {
            PointerBlock = new YamlPointerBlock { Username = "u", Password = new Secret("hunter2") },
            Url = new ConfigUrl("http://user:pw@host:9090/push"),
        };

        var text = VigilYaml.Serialize(root, scrub);

        Assert.Contains("  " + password + "\n", text, StringComparison.Ordinal);
        Assert.Contains("url: " + url + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_EmptySecret_Omitted()
    {
        var root = new YamlRoot { PointerBlock = new YamlPointerBlock { Username = "u", Password = new Secret(string.Empty) } };

        Assert.Equal("pointer_block:\n  username: u\ncount: 0\n", VigilYaml.Serialize(root, scrubSecrets: true));
    }

    [Fact]
    public void Serialize_Maps_SortedByKey()
    {
        var root = VigilYaml.Deserialize<YamlRoot>("labels:\n  zone: a\n  app: b\n  Zed: c\n")!;

        Assert.Equal("labels:\n  Zed: c\n  app: b\n  zone: a\ncount: 0\n", VigilYaml.Serialize(root, scrubSecrets: true));
    }

    [Theory]
    [InlineData("0", 0L, "0B")]
    [InlineData("512B", 512L, "512B")]
    [InlineData("1KB", 1024L, "1KiB")]
    [InlineData("10MiB", 10L << 20, "10MiB")]
    [InlineData("1GB", 1L << 30, "1GiB")]
    [InlineData("1KiB512B", 1536L, "1KiB512B")]
    public void ByteSize_ParsesBase2Units(string text, long bytes, string formatted)
    {
        Assert.True(ByteSize.TryParse(text, out var size, out _));
        Assert.Equal(bytes, size.Bytes);
        Assert.Equal(formatted, size.ToString());
    }

    [Theory]
    [InlineData("http://host/push", "http://host/push")]
    [InlineData("https://user:pw@host/push?x=1", "https://user:xxxxx@host/push?x=1")]
    [InlineData("https://user@host/push", "https://user@host/push")]
    [InlineData("https://host/a@b", "https://host/a@b")]
    public void ConfigUrl_Redacted_HidesOnlyThePassword(string url, string redacted)
    {
        Assert.Equal(redacted, new ConfigUrl(url).Redacted());
    }

    [Fact]
    public void Deserialize_MergeKey_MergesAnchoredMapping()
    {
        var root = VigilYaml.Deserialize<YamlRoot>("items:\n- &base\n  username: a\n  password: p\n- <<: *base\n  username: b\n")!;

        Assert.Equal("b", root.Items[1]!.Username);
        Assert.Equal("p", root.Items[1]!.Password!.Value);
    }

    [Fact]
    public void Deserialize_MergeKeyAfterExplicitKey_ExplicitKeyWins()
    {
        var root = VigilYaml.Deserialize<YamlRoot>("items:\n- &base\n  username: a\n  password: p\n- username: b\n  <<: *base\n")!;

        Assert.Equal("b", root.Items[1]!.Username);
        Assert.Equal("p", root.Items[1]!.Password!.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Deserialize_EmptyDocument_Null(string text)
    {
        Assert.Null(VigilYaml.Deserialize<YamlRoot>(text));
    }

    [Fact]
    public void Deserialize_SyntaxError_NamesLine()
    {
        var e = Assert.Throws<YamlConfigException>(() => VigilYaml.Deserialize<YamlRoot>("name: a\ncount: 1\n  bad: 2\n"));

        Assert.StartsWith("line 3: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_DuplicateKeyInsideMergedMapping_StillReported()
    {
        var e = Assert.Throws<YamlConfigException>(() => VigilYaml.Deserialize<YamlRoot>("items:\n- &b\n  username: a\n- <<: *b\n  username: x\n  username: y\n"));

        Assert.Equal("line 6: key \"username\" already set in map", e.Message);
    }

    [Fact]
    public void Deserialize_Alias_ReusesScalar()
    {
        var root = VigilYaml.Deserialize<YamlRoot>("name: &n x\npointer_block:\n  username: *n\n")!;

        Assert.Equal("x", root.PointerBlock!.Username);
    }

    [Fact]
    public void DecodeText_Utf16WithBom_Decoded()
    {
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(System.Text.Encoding.Unicode.GetBytes("name: a\n")).ToArray();

        Assert.Equal("name: a\n", VigilYaml.DecodeText(bytes));
    }
}
