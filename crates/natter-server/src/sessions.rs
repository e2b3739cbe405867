//! The registry of connected devices: who is online, on which devices, and the channel to disconnect
//! each one. The msync gateway registers a session per authenticated connection; the REST API reads the
//! registry for online status and devices, and sends it disconnect orders (force logout, password change,
//! ban, deletion), which the gateway turns into the SDK's kick notices.

use crate::messaging::mailbox::Mailbox;
use natter_core::UserName;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Why a device is being disconnected; each maps to the kick the official SDK reports (seed 002).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisconnectReason {
    /// Force logout through the REST API (217 USER_KICKED_BY_OTHER_DEVICE).
    ForcedLogout,
    /// The password was changed (216).
    PasswordChanged,
    /// The user was deleted (207).
    UserRemoved,
    /// The user was banned: the SDK has no kick for it; the connection is closed.
    UserBanned,
    /// Another device of the user logged in where multi-device is off (206).
    LoginElsewhere,
}

/// What the registry knows of one connected device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The msync resource, as the REST API reports it (`res`: `{device type}_{resource}`).
    pub resource: String,
    pub device_uuid: String,
    pub device_name: String,
}

#[derive(Debug)]
struct Session {
    info: DeviceInfo,
    disconnect: mpsc::UnboundedSender<DisconnectReason>,
    /// Where deliveries for this device are announced (msync connections have one).
    mailbox: Option<Arc<Mailbox>>,
}

/// Connected devices by (app, user).
#[derive(Debug, Default)]
pub struct SessionRegistry {
    sessions: Mutex<HashMap<(i64, UserName), Vec<Session>>>,
    /// The device each user last logged in with by hand (single-device mode without kicks).
    manual_devices: Mutex<HashMap<(i64, UserName), String>>,
}

impl SessionRegistry {
    fn with_sessions<T>(&self, action: impl FnOnce(&mut HashMap<(i64, UserName), Vec<Session>>) -> T) -> T {
        // A panic while holding the lock cannot leave the map inconsistent (every change is one call), so a
        // poisoned lock is still usable.
        let mut guard = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        action(&mut guard)
    }

    /// Registers a device. A second registration of the same resource replaces the first. The returned
    /// receiver gets the disconnect orders for this device.
    pub fn register(
        &self,
        app_id: i64,
        username: &UserName,
        info: DeviceInfo,
    ) -> mpsc::UnboundedReceiver<DisconnectReason> {
        self.register_with(app_id, username, info, None)
    }

    /// Registers an msync device with its mailbox, so that deliveries reach it.
    pub fn register_live(
        &self,
        app_id: i64,
        username: &UserName,
        info: DeviceInfo,
        mailbox: Arc<Mailbox>,
    ) -> mpsc::UnboundedReceiver<DisconnectReason> {
        self.register_with(app_id, username, info, Some(mailbox))
    }

    fn register_with(
        &self,
        app_id: i64,
        username: &UserName,
        info: DeviceInfo,
        mailbox: Option<Arc<Mailbox>>,
    ) -> mpsc::UnboundedReceiver<DisconnectReason> {
        let (sender, receiver) = mpsc::unbounded_channel();
        self.with_sessions(|sessions| {
            let devices = sessions.entry((app_id, username.clone())).or_default();
            devices.retain(|session| session.info.resource != info.resource);
            devices.push(Session {
                info,
                disconnect: sender,
                mailbox,
            });
        });
        receiver
    }

    /// The mailboxes of the user's connected msync devices, with their resources.
    pub fn mailboxes(&self, app_id: i64, username: &UserName) -> Vec<(String, Arc<Mailbox>)> {
        self.with_sessions(|sessions| {
            sessions
                .get(&(app_id, username.clone()))
                .map(|devices| {
                    devices
                        .iter()
                        .filter_map(|session| {
                            session
                                .mailbox
                                .as_ref()
                                .map(|mailbox| (session.info.resource.clone(), Arc::clone(mailbox)))
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Forgets a device only if it is still the registration `mailbox` belongs to (a reconnect with the
    /// same resource may have replaced it).
    pub fn unregister_live(&self, app_id: i64, username: &UserName, resource: &str, mailbox: &Arc<Mailbox>) {
        self.with_sessions(|sessions| {
            let key = (app_id, username.clone());
            if let Some(devices) = sessions.get_mut(&key) {
                devices.retain(|session| {
                    session.info.resource != resource
                        || !session
                            .mailbox
                            .as_ref()
                            .is_some_and(|own| Arc::ptr_eq(own, mailbox))
                });
                if devices.is_empty() {
                    sessions.remove(&key);
                }
            }
        });
    }

    /// The device the user last logged in with by hand, if any.
    pub fn last_manual_device(&self, app_id: i64, username: &UserName) -> Option<String> {
        self.manual_devices
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(app_id, username.clone()))
            .cloned()
    }

    /// Records the device of a login by hand.
    pub fn set_last_manual_device(&self, app_id: i64, username: &UserName, device: &str) {
        self.manual_devices
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert((app_id, username.clone()), device.to_owned());
    }

    /// Forgets a device (its connection closed).
    pub fn unregister(&self, app_id: i64, username: &UserName, resource: &str) {
        self.with_sessions(|sessions| {
            let key = (app_id, username.clone());
            if let Some(devices) = sessions.get_mut(&key) {
                devices.retain(|session| session.info.resource != resource);
                if devices.is_empty() {
                    sessions.remove(&key);
                }
            }
        });
    }

    /// The user's connected devices.
    pub fn devices(&self, app_id: i64, username: &UserName) -> Vec<DeviceInfo> {
        self.with_sessions(|sessions| {
            sessions
                .get(&(app_id, username.clone()))
                .map(|devices| devices.iter().map(|session| session.info.clone()).collect())
                .unwrap_or_default()
        })
    }

    /// The app's users with at least one connected device.
    pub fn online_users(&self, app_id: i64) -> Vec<UserName> {
        self.with_sessions(|sessions| {
            sessions
                .keys()
                .filter(|(app, _)| *app == app_id)
                .map(|(_, user)| user.clone())
                .collect()
        })
    }

    /// Whether the user has at least one connected device.
    pub fn is_online(&self, app_id: i64, username: &UserName) -> bool {
        self.with_sessions(|sessions| sessions.contains_key(&(app_id, username.clone())))
    }

    /// Orders every device of the user to disconnect; returns how many were ordered.
    pub fn disconnect_all(&self, app_id: i64, username: &UserName, reason: DisconnectReason) -> usize {
        self.with_sessions(|sessions| {
            sessions.remove(&(app_id, username.clone())).map_or(0, |devices| {
                devices
                    .iter()
                    .filter(|session| session.disconnect.send(reason).is_ok())
                    .count()
            })
        })
    }

    /// Orders one device to disconnect; `false` if it is not connected.
    pub fn disconnect(
        &self,
        app_id: i64,
        username: &UserName,
        resource: &str,
        reason: DisconnectReason,
    ) -> bool {
        self.with_sessions(|sessions| {
            let key = (app_id, username.clone());
            let Some(devices) = sessions.get_mut(&key) else {
                return false;
            };
            let Some(position) = devices
                .iter()
                .position(|session| session.info.resource == resource)
            else {
                return false;
            };
            let session = devices.remove(position);
            if devices.is_empty() {
                sessions.remove(&key);
            }
            session.disconnect.send(reason).is_ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(resource: &str) -> DeviceInfo {
        DeviceInfo {
            resource: resource.into(),
            device_uuid: format!("uuid-{resource}"),
            device_name: "webim".into(),
        }
    }

    #[test]
    fn devices_come_and_go_and_receive_their_orders() {
        let registry = SessionRegistry::default();
        let alice = UserName::lookup("alice").expect("name");
        assert!(!registry.is_online(1, &alice));
        let mut web = registry.register(1, &alice, device("web_1"));
        let mut phone = registry.register(1, &alice, device("android_2"));
        assert!(registry.is_online(1, &alice));
        assert!(!registry.is_online(2, &alice), "apps are separate");
        assert_eq!(registry.devices(1, &alice).len(), 2);

        assert!(registry.disconnect(1, &alice, "web_1", DisconnectReason::ForcedLogout));
        assert_eq!(web.try_recv().ok(), Some(DisconnectReason::ForcedLogout));
        assert!(
            !registry.disconnect(1, &alice, "web_1", DisconnectReason::ForcedLogout),
            "already gone"
        );
        assert_eq!(
            registry.disconnect_all(1, &alice, DisconnectReason::PasswordChanged),
            1
        );
        assert_eq!(phone.try_recv().ok(), Some(DisconnectReason::PasswordChanged));
        assert!(!registry.is_online(1, &alice));
    }

    #[test]
    fn re_registering_a_resource_replaces_it_and_unregister_forgets() {
        let registry = SessionRegistry::default();
        let bob = UserName::lookup("bob").expect("name");
        let _first = registry.register(1, &bob, device("web_1"));
        let _second = registry.register(1, &bob, device("web_1"));
        assert_eq!(registry.devices(1, &bob).len(), 1);
        registry.unregister(1, &bob, "web_1");
        assert!(!registry.is_online(1, &bob));
    }
}
