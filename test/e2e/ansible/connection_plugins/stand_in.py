# The local connection under another name, for test/e2e/device-playbook.test.ts: each stand-in
# device is a folder on this machine. ansible.builtin.reboot refuses the local transport ("would
# reboot the control node"); under this name it runs the test's stand-in reboot command instead.
# It refuses any real shutdown or reboot command, so a mistake in the test cannot reboot the machine.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = """
    name: stand_in
    short_description: a stand-in device on the controller (edge2bootc tests)
    description:
        - Runs commands on this machine like ansible.builtin.local, but refuses real reboots.
    author: edge2bootc
    extends_documentation_fragment:
        - connection_pipelining
"""

from ansible.errors import AnsibleError
from ansible.plugins.connection.local import Connection as LocalConnection

REFUSED = ("shutdown", "systemctl reboot", "/sbin/reboot", "/usr/sbin/reboot", "init 6")


class Connection(LocalConnection):
    transport = "stand_in"

    def exec_command(self, cmd, in_data=None, sudoable=True):
        if any(word in cmd for word in REFUSED):
            raise AnsibleError("stand_in refuses to run %r on the test machine" % cmd)
        return super(Connection, self).exec_command(cmd, in_data=in_data, sudoable=sudoable)
