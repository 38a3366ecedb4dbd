import { t, type Infer } from "./schema-dsl.js";

/** Every blueprint key of osbuild/blueprint (mapping.md §1), with the spelling TOML uses. */
const pkg = t.object({ name: t.string(), version: t.string() }, ["name"]);
const fsnodeOwner = { user: t.stringOrInteger(), group: t.stringOrInteger(), mode: t.string() };

/** useradd/systemd-sysusers account names: no "/", ";", spaces or shell characters; 32 characters at most. */
const accountName = t.name(/^[A-Za-z_][A-Za-z0-9_.-]{0,30}\$?$/, "an account name (a letter or _, then letters, digits, _ . -; 32 characters at most)");
/** 0 to 2^32-2: (uid_t)-1 means "no id" to the kernel and shadow-utils. */
const accountId = t.integer({ min: 0, max: 4294967294 });

const logicalVolume = t.object({
  name: t.string(),
  minsize: t.size(),
  mountpoint: t.string(),
  label: t.string(),
  fs_type: t.string(),
});
const partition = t.object({
  type: t.string(),
  minsize: t.size(),
  part_type: t.string(),
  part_label: t.string(),
  part_uuid: t.string(),
  mountpoint: t.string(),
  label: t.string(),
  fs_type: t.string(),
  name: t.string(),
  logical_volumes: t.array(logicalVolume),
  subvolumes: t.array(t.object({ name: t.string(), mountpoint: t.string() })),
});

const firstbootScript = t.object(
  {
    type: t.string(),
    name: t.string(),
    ignore_failure: t.boolean(),
    after: t.array(t.string()),
    before: t.array(t.string()),
    contents: t.text(),
    command: t.string(),
    cacerts: t.array(t.text()),
    job_template_url: t.string(),
    host_config_key: t.string(),
  },
  ["type"],
);

export const customizationsSchema = t.object({
  hostname: t.string(),
  kernel: t.object({ name: t.string(), append: t.string() }),
  sshkey: t.array(t.object({ user: accountName, key: t.text() }, ["user", "key"])),
  user: t.array(
    t.object(
      {
        name: accountName,
        description: t.string(),
        password: t.string(),
        key: t.text(),
        home: t.string(),
        shell: t.string(),
        groups: t.array(t.string()),
        uid: accountId,
        gid: accountId,
        expiredate: t.integer(),
        force_password_reset: t.boolean(),
      },
      ["name"],
    ),
  ),
  group: t.array(t.object({ name: accountName, gid: accountId }, ["name"])),
  timezone: t.object({ timezone: t.string(), ntpservers: t.array(t.string()) }),
  locale: t.object({ languages: t.array(t.string()), keyboard: t.string() }),
  firewall: t.object({
    ports: t.array(t.string()),
    services: t.object({ enabled: t.array(t.string()), disabled: t.array(t.string()) }),
    zones: t.array(t.object({ name: t.string(), sources: t.array(t.string()) })),
  }),
  services: t.object({
    enabled: t.array(t.string()),
    disabled: t.array(t.string()),
    masked: t.array(t.string()),
  }),
  filesystem: t.array(t.object({ mountpoint: t.string(), minsize: t.size(), size: t.size() }, ["mountpoint"])),
  disk: t.object({
    type: t.string(),
    minsize: t.size(),
    start_offset: t.size(),
    sector_size: t.integer(),
    partitions: t.array(partition),
  }),
  installation_device: t.string(),
  partitioning_mode: t.string(),
  fdo: t.object({
    manufacturing_server_url: t.string(),
    diun_pub_key_insecure: t.string(),
    diun_pub_key_hash: t.string(),
    diun_pub_key_root_certs: t.text(),
    di_mfg_string_type_mac_iface: t.string(),
  }),
  openscap: t.object({
    datastream: t.string(),
    profile_id: t.string(),
    policy_id: t.string(),
    tailoring: t.object({ selected: t.array(t.string()), unselected: t.array(t.string()) }),
    json_tailoring: t.object({ profile_id: t.string(), filepath: t.string() }),
  }),
  ignition: t.object({
    embedded: t.object({ config: t.text() }),
    firstboot: t.object({ url: t.string(), empty: t.boolean() }),
  }),
  directories: t.array(t.object({ path: t.string(), ...fsnodeOwner, ensure_parents: t.boolean() }, ["path"])),
  files: t.array(t.object({ path: t.string(), ...fsnodeOwner, data: t.text(), uri: t.string() }, ["path"])),
  repositories: t.array(
    t.object(
      {
        id: t.string(),
        name: t.string(),
        filename: t.string(),
        baseurls: t.array(t.string()),
        gpgkeys: t.array(t.text()),
        metalink: t.string(),
        mirrorlist: t.string(),
        priority: t.integer(),
        enabled: t.boolean(),
        gpgcheck: t.boolean(),
        repo_gpgcheck: t.boolean(),
        sslverify: t.boolean(),
        module_hotfixes: t.boolean(),
        install_from: t.boolean(),
      },
      ["id"],
    ),
  ),
  fips: t.boolean(),
  installer: t.object({
    unattended: t.boolean(),
    "sudo-nopasswd": t.array(t.string()),
    kickstart: t.object({ contents: t.text() }),
    modules: t.object({ enable: t.array(t.string()), disable: t.array(t.string()) }),
    bootloader: t.object({ grub2: t.object({ "menu-timeout": t.integer() }) }),
    payload: t.object({
      flatpaks: t.object({
        force: t.array(
          t.object({
            registry: t.object({ remote_name: t.string(), url: t.string() }),
            references: t.array(t.string()),
          }),
        ),
      }),
    }),
  }),
  rpm: t.object({ import_keys: t.object({ files: t.array(t.string()) }) }),
  rhsm: t.object({
    config: t.object({
      dnf_plugins: t.object({
        product_id: t.object({ enabled: t.boolean() }),
        subscription_manager: t.object({ enabled: t.boolean() }),
      }),
      subscription_manager: t.object({
        rhsm: t.object({ manage_repos: t.boolean(), auto_enable_yum_plugins: t.boolean() }),
        rhsmcertd: t.object({ auto_registration: t.boolean() }),
      }),
    }),
  }),
  cacerts: t.object({ pem_certs: t.array(t.text()) }),
  "containers-storage": t.object({ "destination-path": t.string() }),
  firstboot: t.object({ scripts: t.array(firstbootScript) }),
  dnf: t.object({ config: t.object({ set_releasever: t.boolean() }) }),
  iso: t.object({ application_id: t.string(), publisher: t.string(), volume_id: t.string() }),
  sshd: t.object({
    password_authentication: t.boolean(),
    client_alive_interval: t.integer({ min: 0 }),
    permit_root_login: t.string(),
    kbd_interactive_authentication: t.boolean(),
  }),
});

export const blueprintSchema = t.object({
  name: t.string(),
  description: t.text(),
  version: t.string(),
  distro: t.string(),
  architecture: t.string(),
  packages: t.array(pkg),
  modules: t.array(pkg),
  groups: t.array(t.object({ name: t.string() }, ["name"])),
  enabled_modules: t.array(t.object({ name: t.string(), stream: t.string() }, ["name", "stream"])),
  containers: t.array(t.object({ source: t.string(), name: t.string(), "tls-verify": t.boolean(), "local-storage": t.boolean() }, ["source"])),
  customizations: customizationsSchema,
  minimal: t.boolean(),
});

export type Blueprint = Infer<typeof blueprintSchema>;
export type Customizations = Infer<typeof customizationsSchema>;
export type BlueprintKey = keyof Blueprint;
export type CustomizationKey = keyof Customizations;
export type UserCustomization = NonNullable<Customizations["user"]>[number];
export type FileCustomization = NonNullable<Customizations["files"]>[number];
export type DirectoryCustomization = NonNullable<Customizations["directories"]>[number];
export type RepositoryCustomization = NonNullable<Customizations["repositories"]>[number];
